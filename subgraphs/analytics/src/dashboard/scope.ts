import { z } from 'zod';
import { badInput, parseInput } from '@showstream/platform';

const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

const filterSchema = z
  .object({
    city: z.string().trim().min(1).max(100).nullish(),
    eventIds: z.array(z.uuid('Give event ids.')).min(1).max(100).nullish(),
    showIds: z.array(z.uuid('Give show ids.')).min(1).max(100).nullish(),
  })
  .nullish();

export type AnalyticsFilter = NonNullable<z.infer<typeof filterSchema>>;

/** What a figure is computed over: the half-open period [from, to) and the part of the business the filter names. */
export interface Scope {
  from: Date;
  to: Date;
  filter: AnalyticsFilter;
}

/** Validates a period (from before to, at most a year) and a filter; `from`/`to` default to the last 24 hours. */
export function parseScope(args: { from?: Date | null; to?: Date | null; filter?: unknown }): Scope {
  const to = args.to ?? new Date();
  const from = args.from ?? new Date(to.getTime() - DAY_MS);
  if (from.getTime() >= to.getTime()) throw badInput('from must be before to.', 'from');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw badInput(`A period may span at most ${MAX_PERIOD_DAYS} days.`, 'from');
  return { from, to, filter: parseInput(filterSchema, args.filter, 'filter') ?? {} };
}

/**
 * The filter as the dashboard statements take it (dashboard.sql): a null part does not narrow; city and
 * event ids are matched through show_facts, so only then (`byShowFacts`) is that lookup made.
 */
export function scopeParams({ from, to, filter }: Scope) {
  return {
    from,
    to,
    showIds: filter.showIds ?? null,
    city: filter.city ?? null,
    eventIds: filter.eventIds ?? null,
    byShowFacts: Boolean(filter.city || filter.eventIds),
  };
}
