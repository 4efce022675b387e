import type { Logger } from '../logging/logger.ts';
import type { Principal } from '../auth/tokens.ts';

/** What every subgraph's resolvers receive; a subgraph extends it with its own services and loaders. */
export interface BaseContext {
  requestId: string;
  logger: Logger;
  principal?: Principal;
}
