import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from '../errors/errors.ts';
import { isRole, type Role } from './roles.ts';
import type { BaseConfig } from '../config/config.ts';
import { usersJwksUrl } from '../config/ports.ts';

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: string;
  role: Role;
  email: string;
  /** Seconds since epoch; live connections close when it passes. */
  expiresAt: number;
  /**
   * The user's token version when the token was issued (claim `token_version`; 0 for tokens from
   * before it existed). Deactivation and demotion raise it, voiding older tokens at the router.
   */
  tokenVersion: number;
}

/** The access-token claim that carries {@link Principal.tokenVersion}. */
export const TOKEN_VERSION_CLAIM = 'token_version';

/** Pinned so a token cannot pick a weaker algorithm (RFC 8725); `none` is never accepted. */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';
/** RFC 9068: keeps an id token or any other JWT from the same issuer from passing as an access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
const CLOCK_TOLERANCE_SECONDS = 5;

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Fetches signing keys by `kid`, refetching (after a cooldown) on an unknown `kid`, which is what key rotation needs. */
export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: 5_000,
  });
}

export function createTokenVerifier(options: {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        typ: ACCESS_TOKEN_TYPE,
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const tokenVersion = payload[TOKEN_VERSION_CLAIM] ?? 0;
      if (
        typeof payload.sub !== 'string' ||
        !isRole(payload.role) ||
        typeof payload.email !== 'string' ||
        typeof payload.exp !== 'number' ||
        !Number.isSafeInteger(tokenVersion)
      ) {
        throw unauthenticated('The access token is malformed.');
      }
      return {
        userId: payload.sub,
        role: payload.role,
        email: payload.email,
        expiresAt: payload.exp,
        tokenVersion: tokenVersion as number,
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw unauthenticated('The access token has expired; refresh it or sign in again.');
      if (error instanceof joseErrors.JOSEError) throw unauthenticated('The access token is invalid.');
      throw error;
    }
  };
}

/** Extracts the token from `Authorization: Bearer <token>`; undefined when absent, an error when malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
  return match[1];
}

/** The verifier every service but the users subgraph uses: the users subgraph's published keys, our issuer and audience. */
export function accessTokenVerifier(
  config: Pick<BaseConfig, 'PORT_BASE' | 'USERS_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>,
): TokenVerifier {
  return createTokenVerifier({
    keys: remoteKeySet(usersJwksUrl(config)),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}
