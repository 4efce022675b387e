/** A GraphQL answer from the gateway, as live groups and live sources read it. */
export interface GatewayResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Fetches `query` through the gateway with a member's token (members share a role, so any one will do). */
export type GatewayFetch = (
  query: string,
  variables: Record<string, unknown>,
  accessToken: string | undefined,
) => Promise<GatewayResult>;
