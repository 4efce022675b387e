import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { badInput, remoteKeySet, unauthenticated } from '@showstream/platform';
import type { OidcProviderConfig } from '../config.ts';

/** The claims we use from a verified OpenID Connect id token. */
export interface OidcIdentity {
  provider: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  givenName: string | undefined;
  familyName: string | undefined;
}

/** Providers' RSA or EC signatures; never HMAC (the client secret is not a verification key) and never `none`. */
const ID_TOKEN_ALGORITHMS = ['RS256', 'ES256', 'PS256'];

/** Verifies id tokens from the configured providers against each provider's published JWKS. */
export class OidcVerifier {
  readonly #providers: Record<string, OidcProviderConfig>;
  readonly #keySets = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(providers: Record<string, OidcProviderConfig>) {
    this.#providers = providers;
  }

  get providerNames(): string[] {
    return Object.keys(this.#providers);
  }

  #keySet(name: string, provider: OidcProviderConfig): Promise<JWTVerifyGetKey> {
    let keys = this.#keySets.get(name);
    if (!keys) {
      keys = this.#discoverJwksUri(provider).then(remoteKeySet);
      // A failed discovery must not be cached forever.
      keys.catch(() => this.#keySets.delete(name));
      this.#keySets.set(name, keys);
    }
    return keys;
  }

  async #discoverJwksUri(provider: OidcProviderConfig): Promise<string> {
    if (provider.jwksUri) return provider.jwksUri;
    const response = await fetch(
      new URL(
        '.well-known/openid-configuration',
        provider.issuer.endsWith('/') ? provider.issuer : `${provider.issuer}/`,
      ),
      {
        signal: AbortSignal.timeout(5_000),
      },
    );
    if (!response.ok) throw new Error(`OIDC discovery failed with HTTP ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: string };
    if (!document.jwks_uri) throw new Error('OIDC discovery document has no jwks_uri');
    return document.jwks_uri;
  }

  async verify(providerName: string, idToken: string): Promise<OidcIdentity> {
    const provider = this.#providers[providerName];
    if (!provider) {
      throw badInput(
        `Unknown sign-in provider "${providerName}". Available: ${this.providerNames.join(', ') || 'none'}.`,
        'provider',
      );
    }
    try {
      const { payload } = await jwtVerify(idToken, await this.#keySet(providerName, provider), {
        issuer: provider.issuer,
        audience: provider.clientId,
        algorithms: ID_TOKEN_ALGORITHMS,
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      // requiredClaims makes jose refuse a token without `sub`.
      if (payload.sub === undefined) throw unauthenticated(`The ${providerName} id token names no subject.`);
      return {
        provider: providerName,
        subject: payload.sub,
        email: typeof payload.email === 'string' ? payload.email.toLowerCase() : undefined,
        emailVerified: payload.email_verified === true,
        givenName: typeof payload.given_name === 'string' ? payload.given_name : undefined,
        familyName: typeof payload.family_name === 'string' ? payload.family_name : undefined,
      };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError)
        throw unauthenticated(`The ${providerName} id token is invalid or expired.`);
      throw error;
    }
  }
}
