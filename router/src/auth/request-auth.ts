import { bearerToken, type TokenVerifier } from '@showstream/platform';

/** Verifies a request's bearer token at the edge, so a forged or expired token never reaches a subgraph. */
export async function authenticate(authorization: string | undefined, verify: TokenVerifier) {
  const accessToken = bearerToken(authorization);
  if (!accessToken) return {};
  return { accessToken, principal: await verify(accessToken) };
}
