import type { z } from 'zod';
import { badInput } from './errors.ts';

/**
 * Parses input with a zod schema, turning the first problem into BAD_USER_INPUT that names the
 * field: the issue's path inside `input`, prefixed by `field` when `input` is itself one argument.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, field?: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // zod reports at least one issue for every failure.
  const [issue = { message: 'Invalid input.', path: [] }] = result.error.issues;
  const path = [field, ...issue.path].filter((part) => part !== undefined).join('.');
  throw badInput(issue.message, path || undefined);
}
