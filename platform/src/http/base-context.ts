import type { Logger } from '../logging/logger.ts';
import type { Principal } from '../auth/tokens.ts';
import { unauthenticated } from '../errors/errors.ts';

/** What every subgraph's resolvers receive; a subgraph extends it with its own services and loaders. */
export interface BaseContext {
  requestId: string;
  logger: Logger;
  principal?: Principal;
}

/**
 * The signed-in caller, for a field whose permission rule admits only signed-in callers. Should a
 * field ever be reached without one (a rule loosened by mistake), it refuses instead of running as nobody.
 */
export function viewer(ctx: BaseContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}
