import type { Principal } from '@showstream/platform';

/** What the router knows about a request: who is calling (verified) and the id that follows it everywhere. */
export interface RouterContext {
  requestId: string;
  /** The caller's raw access token, forwarded so every subgraph verifies it again. */
  accessToken?: string;
  principal?: Principal;
}
