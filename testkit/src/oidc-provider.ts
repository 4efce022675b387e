import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';

export const OIDC_SANDBOX_CLIENT_ID = 'showstream-test';

export interface IdTokenClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  /** Override to mint deliberately bad tokens. */
  aud?: string;
  expiresInSeconds?: number;
}

/**
 * A local OpenID Connect provider that signs its own id tokens (RS256), publishes a discovery
 * document and a JWKS like Google or Apple do, and mints tokens on `POST /token` for tests.
 */
export async function startOidcSandbox(port: number): Promise<{ issuer: string; server: Server }> {
  const issuer = `http://127.0.0.1:${port}`;
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration') {
      return send(200, { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.method === 'GET' && req.url === '/jwks') return send(200, { keys: [publicJwk] });
    if (req.method === 'POST' && req.url === '/token') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const claims = JSON.parse(raw) as IdTokenClaims;
      return send(200, { id_token: await mintIdToken(privateKey, kid, issuer, claims) });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, server };
}

function mintIdToken(key: CryptoKey, kid: string, issuer: string, claims: IdTokenClaims): Promise<string> {
  const { sub, aud, expiresInSeconds, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setSubject(sub)
    .setAudience(aud ?? OIDC_SANDBOX_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (expiresInSeconds ?? 300))
    .sign(key);
}

/** Asks the running sandbox for an id token (tests run in other processes than the sandbox). */
export async function requestIdToken(port: number, claims: IdTokenClaims): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/token`, { method: 'POST', body: JSON.stringify(claims) });
  return ((await response.json()) as { id_token: string }).id_token;
}
