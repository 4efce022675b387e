import Handlebars from 'handlebars';
import { describeLocalTime, isCurrency, minorUnits } from '@showstream/platform';

/**
 * Our Handlebars environment: plain-text output (every channel sends text, so nothing is
 * HTML-escaped), strict lookups (a missing variable is an error, never an empty gap in a
 * customer's message), and only these helpers besides the built-in block helpers.
 */
const handlebars = Handlebars.create();

const isMoney = (value: unknown): value is { amountMinor: number; currency: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { amountMinor?: unknown }).amountMinor === 'number' &&
  typeof (value as { currency?: unknown }).currency === 'string';

/**
 * A Money in its currency's major unit, with as many decimals as ISO 4217 gives it minor units:
 * ₹1,234.50 (paise), ¥2,500 (JPY has none), KWD 3.125 (fils).
 */
function formatMoney({ amountMinor, currency }: { amountMinor: number; currency: string }): string {
  const digits = isCurrency(currency) ? minorUnits(currency) : 2;
  return new Intl.NumberFormat('en-IN', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}

/** The message's locale, as renderTemplate hands it to the helpers (`en-IN` when none). */
const localeOf = (options: unknown): string =>
  (options as { data?: { locale?: unknown } } | undefined)?.data?.locale?.toString() ?? 'en-IN';

const HELPERS: Record<string, (...args: unknown[]) => string> = {
  /** `{{money amount}}`: a Money as ₹1,234.50, JP¥2,500 or $25.00. */
  money: (value) => (isMoney(value) ? formatMoney(value) : String(value)),
  /** `{{time startsAt timeZone}}`: an instant as a person at the venue reads it, in the message's language. */
  time: (instant, timeZone, options) =>
    typeof instant === 'string' && typeof timeZone === 'string'
      ? describeLocalTime(new Date(instant), timeZone, localeOf(options))
      : String(instant),
  /** `{{join seats}}` or `{{join seats " / "}}`. */
  join: (list, separator) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : String(list),
};
for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, helper);

const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
/** Block helpers whose body sees another context (an item, an object), not the message's variables. */
const SCOPING_HELPERS = new Set(['each', 'with']);
const KNOWN_HELPERS = new Set([...BLOCK_HELPERS, 'lookup', ...Object.keys(HELPERS)]);

export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

type Node = hbs.AST.Node;

/**
 * The variables a template uses (the first segment of each path in the message's own context),
 * sorted. Throws TemplateSyntaxError for text Handlebars cannot parse, partials and unknown helpers.
 */
export function templateVariables(source: string): string[] {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (error) {
    throw new TemplateSyntaxError(firstLine(error));
  }
  const found = new Set<string>();
  const helper = (path: hbs.AST.PathExpression) => {
    if (!KNOWN_HELPERS.has(path.original))
      throw new TemplateSyntaxError(`Unknown helper "${path.original}"; use ${[...KNOWN_HELPERS].join(', ')}.`);
  };
  const visit = (node: Node | undefined, inScope: boolean): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) visit(statement, inScope);
        return;
      case 'MustacheStatement':
      case 'SubExpression': {
        const { path, params, hash } = node as hbs.AST.MustacheStatement;
        const isCall = params.length > 0 || hash?.pairs.length > 0 || node.type === 'SubExpression';
        if (isCall && path.type === 'PathExpression') helper(path as hbs.AST.PathExpression);
        else visit(path, inScope);
        for (const param of params) visit(param, inScope);
        for (const pair of hash?.pairs ?? []) visit(pair.value, inScope);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        helper(block.path);
        for (const param of block.params) visit(param, inScope);
        visit(block.program, inScope && !SCOPING_HELPERS.has(block.path.original));
        visit(block.inverse, inScope);
        return;
      }
      case 'PathExpression': {
        const path = node as hbs.AST.PathExpression;
        const [head] = path.parts;
        if (inScope && !path.data && path.depth === 0 && head !== undefined) found.add(head);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        throw new TemplateSyntaxError('Partials and decorators are not supported in notification templates.');
      default:
        // Content, comments and literals use no variables.
        return;
    }
  };
  visit(program, true);
  return [...found].sort();
}

export class TemplateRenderError extends Error {
  override name = 'TemplateRenderError';
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();
const COMPILED_CACHE_SIZE = 500;

/** Renders a template with `variables`; a variable it needs that is missing is a TemplateRenderError. */
/** `locale` is the template's language as Intl reads it (`hi`, `en-IN`): how its helpers write times. */
export function renderTemplate(source: string, variables: Record<string, unknown>, locale = 'en-IN'): string {
  let template = compiled.get(source);
  if (!template) {
    template = handlebars.compile(source, {
      strict: true,
      noEscape: true,
      knownHelpersOnly: true,
      knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
    });
    // A Map iterates in insertion order: the first key is the oldest template.
    const oldest = compiled.keys().next();
    if (compiled.size >= COMPILED_CACHE_SIZE && !oldest.done) compiled.delete(oldest.value);
    compiled.set(source, template);
  }
  try {
    return template(variables, { data: { locale } }).trim();
  } catch (error) {
    throw new TemplateRenderError(firstLine(error));
  }
}

/** Handlebars' message names the problem on its first line; the rest is a drawing of the source. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}
