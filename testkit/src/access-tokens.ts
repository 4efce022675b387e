import pg from 'pg';
import { SignJWT, importJWK, type JWK } from 'jose';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, type Role } from '@showstream/platform';
import { TEST_DB_PREFIX, testEnvironment } from './stack.ts';

export interface AccessTokenClaims {
  userId: string;
  role?: Role;
  email?: string;
  /** Seconds since the epoch; in the past for an expired token. */
  expiresAt: number;
}

/** The users subgraph's active signing key (its private JWK, read from its database), for forging tokens in tests. */
export async function usersSigningKey(): Promise<{ kid: string; jwk: JWK }> {
  const url = new URL(testEnvironment().postgresUrl);
  url.pathname = `/${TEST_DB_PREFIX}users`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select kid, private_jwk from signing_keys where retired_at is null order by created_at desc limit 1',
    );
    return { kid: rows[0].kid, jwk: rows[0].private_jwk };
  } finally {
    await client.end();
  }
}

/**
 * An access token signed with the users subgraph's own active key, so it is genuine in every
 * respect the claims do not change — e.g. one that expired ten minutes ago.
 */
export async function signAccessToken(claims: AccessTokenClaims): Promise<string> {
  const key = await usersSigningKey();
  return new SignJWT({ role: claims.role ?? 'USER', email: claims.email ?? `${claims.userId}@example.test` })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
    .setSubject(claims.userId)
    .setIssuer(process.env.JWT_ISSUER ?? 'showstream-users')
    .setAudience(process.env.JWT_AUDIENCE ?? 'showstream')
    .setIssuedAt(claims.expiresAt - 900)
    .setExpirationTime(claims.expiresAt)
    .sign(await importJWK(key.jwk, ACCESS_TOKEN_ALGORITHM));
}
