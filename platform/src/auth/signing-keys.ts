import { randomUUID } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import type { Orm } from '../db/database.ts';
import { run } from '../db/sql.ts';
import { addSigningKey, publishedSigningKeys } from './signing-keys.queries.ts';

/** Where booking publishes its ticket keys, and the router passes them on: what a door scanner verifies QR codes with. */
export const TICKET_KEYS_PATH = '/.well-known/ticket-keys.json';

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * A service's signing keys (access tokens in users, tickets in booking), kept in its own database so
 * every process signs with the same key and a restart invalidates nothing. The public halves are
 * published as a JWKS; a retired key stays published for `retiredPublishedForMs`, as long as what it
 * signed may still be presented.
 */
export class SigningKeyStore {
  readonly #orm: Orm;
  readonly #algorithm: string;
  readonly #retiredPublishedForMs: number;
  #active: ActiveKey | undefined;
  #jwks: JSONWebKeySet = { keys: [] };
  #localKeySet: JWTVerifyGetKey = createLocalJWKSet({ keys: [] });

  constructor(orm: Orm, options: { algorithm: string; retiredPublishedForMs: number }) {
    this.#orm = orm;
    this.#algorithm = options.algorithm;
    this.#retiredPublishedForMs = options.retiredPublishedForMs;
  }

  async load(): Promise<this> {
    let keys = await this.#publishedKeys();
    if (!keys.some((key) => !key.retiredAt)) {
      const { privateKey, publicKey } = await generateKeyPair(this.#algorithm, { extractable: true });
      const kid = randomUUID();
      await run(this.#orm.em.fork(), addSigningKey, {
        kid,
        algorithm: this.#algorithm,
        privateJwk: await exportJWK(privateKey),
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: this.#algorithm, use: 'sig' },
      });
      keys = await this.#publishedKeys();
    }
    // Newest active key signs; two processes that started together may both have made one, and both stay valid.
    const [newest] = keys.filter((key) => !key.retiredAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    if (!newest) throw new Error('no active signing key, though one was just made');
    this.#active = {
      kid: newest.kid,
      privateKey: (await importJWK(newest.privateJwk as JWK, this.#algorithm)) as CryptoKey,
    };
    this.#jwks = { keys: keys.map((key) => key.publicJwk as JWK) };
    this.#localKeySet = createLocalJWKSet(this.#jwks);
    return this;
  }

  async #publishedKeys() {
    const rows = await run(this.#orm.em.fork(), publishedSigningKeys, {
      retiredPublishedForMs: this.#retiredPublishedForMs,
    });
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  get algorithm(): string {
    return this.#algorithm;
  }

  get active(): ActiveKey {
    if (!this.#active) throw new Error('SigningKeyStore.load() has not run');
    return this.#active;
  }

  /** The public halves, to serve as a JWKS. */
  get jwks(): JSONWebKeySet {
    return this.#jwks;
  }

  /** Verifies with the service's own keys, without fetching its own JWKS over HTTP. */
  get keySet(): JWTVerifyGetKey {
    return this.#localKeySet;
  }
}

/** The table SigningKeyStore keeps its keys in, for a subgraph's migrations (users made the same table in its first). */
export class SigningKeysMigration extends Migration {
  override name = 'Migration20261204090000_platform_signing_keys';

  override up(): void {
    this.addSql(`
      create table signing_keys (
        kid varchar(64) primary key,
        algorithm varchar(10) not null,
        private_jwk jsonb not null,
        public_jwk jsonb not null,
        created_at timestamptz not null default now(),
        retired_at timestamptz
      )`);
  }

  override down(): void {
    this.addSql('drop table signing_keys');
  }
}

export const signingKeyMigrations = [
  { name: 'Migration20261204090000_platform_signing_keys', class: SigningKeysMigration },
];
