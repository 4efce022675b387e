import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { ACCESS_TOKEN_ALGORITHM, type Orm } from '@showstream/platform';
import { SigningKeySchema, type SigningKey } from './token.entities.ts';

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The access-token signing keys, kept in the users database so every users process signs with
 * the same key and restarts do not sign everyone out. Retired keys stay published for a day so
 * tokens they signed keep verifying until they expire.
 */
export class KeyStore {
  readonly #orm: Orm;
  #active: ActiveKey | undefined;
  #jwks: JSONWebKeySet = { keys: [] };
  #localKeySet: JWTVerifyGetKey = createLocalJWKSet({ keys: [] });

  constructor(orm: Orm) {
    this.#orm = orm;
  }

  async load(): Promise<void> {
    const em = this.#orm.em.fork();
    let keys = await this.#publishedKeys();
    if (!keys.some((key) => !key.retiredAt)) {
      const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { extractable: true });
      const kid = randomUUID();
      em.create(SigningKeySchema, {
        kid,
        algorithm: ACCESS_TOKEN_ALGORITHM,
        privateJwk: await exportJWK(privateKey),
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' },
      });
      await em.flush();
      keys = await this.#publishedKeys();
    }
    // Newest active key signs; two processes that started together may both have made one, and both stay valid.
    const [newest] = keys.filter((key) => !key.retiredAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    if (!newest) throw new Error('no active signing key, though one was just made');
    this.#active = {
      kid: newest.kid,
      privateKey: (await importJWK(newest.privateJwk, ACCESS_TOKEN_ALGORITHM)) as CryptoKey,
    };
    this.#jwks = { keys: keys.map((key) => key.publicJwk) };
    this.#localKeySet = createLocalJWKSet(this.#jwks);
  }

  async #publishedKeys(): Promise<SigningKey[]> {
    const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
    return this.#orm.em.fork().find(SigningKeySchema, { $or: [{ retiredAt: null }, { retiredAt: { $gt: dayAgo } }] });
  }

  get active(): ActiveKey {
    if (!this.#active) throw new Error('KeyStore.load() has not run');
    return this.#active;
  }

  /** The public half, served at /.well-known/jwks.json. */
  get jwks(): JSONWebKeySet {
    return this.#jwks;
  }

  /** The users subgraph verifies tokens with its own keys instead of fetching its own JWKS over HTTP. */
  get keySet(): JWTVerifyGetKey {
    return this.#localKeySet;
  }
}
