import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { bearerToken, type TokenVerifier } from '@showstream/platform';
import type { RouterContext } from '../context.ts';
import type { RouterProtections } from '../protections/protections.ts';

/** Verifies a request's bearer token at the edge, so a forged or expired token never reaches a subgraph. */
export async function authenticate(authorization: string | undefined, verify: TokenVerifier) {
  const accessToken = bearerToken(authorization);
  if (!accessToken) return {};
  return { accessToken, principal: await verify(accessToken) };
}

/**
 * An HTTP request's context: the verified caller and their address, admitted by the request
 * budget. A request whose token fails still spends from its address's budget (so a flood of
 * forged tokens is limited too) and is answered 401 with RFC 6750's WWW-Authenticate.
 */
export async function authenticateRequest(
  request: IncomingMessage,
  requestId: string,
  verify: TokenVerifier,
  protections: RouterProtections,
): Promise<RouterContext> {
  const clientIp = protections.clientAddress(request);
  let caller: Awaited<ReturnType<typeof authenticate>>;
  try {
    caller = await authenticate(request.headers.authorization, verify);
  } catch (error) {
    await protections.admitHttpRequest({ clientIp });
    if (!(error instanceof GraphQLError)) throw error;
    const http = { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer error="invalid_token"']]) };
    throw new GraphQLError(error.message, { extensions: { ...error.extensions, http } });
  }
  const context: RouterContext = { requestId, clientIp, ...caller };
  await protections.admitHttpRequest(context);
  return context;
}
