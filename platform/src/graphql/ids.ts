import { notFound } from '../errors/errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row, so it is simply not found (and never reaches SQL as a bad uuid). */
export function requireUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw notFound(what, id);
  return id.toLowerCase();
}

export const isUuid = (id: string) => UUID.test(id);

/** An entity another subgraph owns, as this one resolves it: its key only (a federation reference). */
export interface EntityReference {
  id: string;
}
