import { z } from 'zod';
import { TOPICS, type Topic } from './topics.ts';

/** Every event type's shape as JSON Schema, by topic and type: what a release publishes and the next one is checked against. */
export type EventShapes = Record<string, Record<string, unknown>>;

export function currentEventShapes(): EventShapes {
  return Object.fromEntries(
    (Object.keys(TOPICS) as Topic[]).map((topic) => [
      topic,
      Object.fromEntries(
        Object.entries(TOPICS[topic].events).map(([type, schema]) => [
          type,
          z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any' }),
        ]),
      ),
    ]),
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What would break a consumer still on the previous release, in the spirit of a schema registry's
 * compatibility check: events stay readable both ways only if a new version adds optional fields and
 * nothing else. A removed type or field, a changed type, format or enum, and a field that became
 * required or optional are each reported with its path.
 */
export function breakingChanges(previous: EventShapes, current: EventShapes): string[] {
  const problems: string[] = [];
  for (const [topic, types] of Object.entries(previous)) {
    for (const [type, shape] of Object.entries(types)) {
      const next = current[topic]?.[type];
      if (next === undefined) problems.push(`${topic} ${type}: the event type was removed`);
      else compare(shape as Json, next as Json, `${topic} ${type}`, problems);
    }
  }
  return problems;
}

function compare(before: Json | undefined, after: Json | undefined, path: string, problems: string[]): void {
  if (isObject(before) && isObject(after)) {
    const beforeProps = isObject(before.properties) ? before.properties : undefined;
    const afterProps = isObject(after.properties) ? after.properties : undefined;
    if (beforeProps && afterProps) {
      const requiredBefore = new Set(Array.isArray(before.required) ? before.required : []);
      const requiredAfter = new Set(Array.isArray(after.required) ? after.required : []);
      for (const [field, shape] of Object.entries(beforeProps)) {
        if (!Object.hasOwn(afterProps, field)) problems.push(`${path}.${field}: the field was removed`);
        else {
          if (requiredBefore.has(field) !== requiredAfter.has(field))
            problems.push(`${path}.${field}: the field became ${requiredAfter.has(field) ? 'required' : 'optional'}`);
          compare(shape, afterProps[field], `${path}.${field}`, problems);
        }
      }
      for (const field of Object.keys(afterProps)) {
        if (!(field in beforeProps) && requiredAfter.has(field))
          problems.push(`${path}.${field}: a new field must be optional`);
      }
    }
    const keys = new Set(
      [...Object.keys(before), ...Object.keys(after)].filter(
        (key) => !(beforeProps && afterProps && (key === 'properties' || key === 'required')),
      ),
    );
    for (const key of keys) {
      if (!(key in before) || !(key in after))
        problems.push(`${path}: "${key}" was ${key in before ? 'removed' : 'added'}`);
      else compare(before[key], after[key], key === 'items' ? `${path}[]` : path, problems);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => compare(item, after[index], path, problems));
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    problems.push(`${path}: ${JSON.stringify(before)} became ${JSON.stringify(after)}`);
}
