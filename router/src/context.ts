import type { Principal } from '@showstream/platform';

/** What the router knows about a request: who is calling (verified) and the id that follows it everywhere. */
export interface RouterContext {
  requestId: string;
  /** The caller's raw access token, forwarded so every subgraph verifies it again. */
  accessToken?: string;
  principal?: Principal;
  /** Where the request came from (protections/client-address.ts): the budget of anonymous callers. */
  clientIp?: string;
  /** An operation the router runs itself for a live subscription, vetted when the client subscribed: protections skip it. */
  internal?: boolean;
}
