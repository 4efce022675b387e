/**
 * The translation files, checked in CI: every language has exactly the keys English has (plural
 * forms as its own plural rules need them) with the same placeholders, and every literal key the
 * app's sources use — `t('…')`, `i18n.t('…')`, `<Trans i18nKey="…">` — is in English.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, '..');

type Messages = { [key: string]: string | Messages };

const load = (language: string) => JSON.parse(readFileSync(join(here, `${language}.json`), 'utf8')) as Messages;
const languages = readdirSync(here)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length));

/** Every message as a dotted key → its text. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [inner, text] of flatten(value, path)) flat.set(inner, text);
  }
  return flat;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1] ?? '').sort((a, b) => a.localeCompare(b));

/** Each plural key (`x` of `x_one`, `x_other`) with the categories it has. */
function pluralForms(keys: Iterable<string>): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const key of keys) {
    const category = PLURAL.exec(key)?.[1];
    if (category) forms.set(base(key), (forms.get(base(key)) ?? new Set()).add(category));
  }
  return forms;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const english = flatten(load('en'));

describe('translation files', () => {
  it('offers English and Hindi', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'hi']));
  });

  it.each(languages.filter((language) => language !== 'en'))(
    '%s has every key English has, and no others',
    (language) => {
      const messages = flatten(load(language));
      const missing = [...new Set([...english.keys()].map(base))].filter(
        (key) => !messages.has(key) && !pluralForms(messages.keys()).has(key),
      );
      const extra = [...new Set([...messages.keys()].map(base))].filter(
        (key) => !english.has(key) && !pluralForms(english.keys()).has(key),
      );
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    },
  );

  it.each(languages)('%s has the plural forms its language needs', (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const incomplete = [...pluralForms(flatten(load(language)).keys())].flatMap(([key, forms]) =>
      categories.filter((category) => !forms.has(category)).map((category) => `${key}_${category}`),
    );
    expect(incomplete).toEqual([]);
  });

  it.each(languages.filter((language) => language !== 'en'))(
    '%s uses the same placeholders as English in every message',
    (language) => {
      const messages = flatten(load(language));
      const englishPlaceholders = (key: string) =>
        placeholders(english.get(key) ?? english.get(`${key}_other`) ?? english.get(`${base(key)}_other`) ?? '');
      const differing = [...messages].filter(
        ([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(englishPlaceholders(key)),
      );
      expect(differing.map(([key]) => key)).toEqual([]);
    },
  );

  it('has every key the sources use in English', () => {
    const used = new Map<string, string>();
    for (const file of sources(src)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([^'$]+)'|i18nKey="([^"]+)"/g)) {
        used.set(match[1] ?? match[2]!, file.slice(src.length + 1));
      }
    }
    // A guard that the scan itself works: the app uses hundreds of keys.
    expect(used.size).toBeGreaterThan(100);
    const plural = pluralForms(english.keys());
    const missing = [...used].filter(([key]) => !english.has(key) && !plural.has(key));
    expect(missing.map(([key, file]) => `${key} (${file})`)).toEqual([]);
  });
});
