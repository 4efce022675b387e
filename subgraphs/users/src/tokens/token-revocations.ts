import {
  run,
  type EntityManager,
  type Lifecycle,
  type Logger,
  type Orm,
  type TokenRevocation,
  type TokenRevocationStore,
} from '@showstream/platform';
import {
  claimUnsentRevocations,
  deleteExpiredRevocations,
  markRevocationsSent,
  recordTokenRevocation,
  revocationsInForce,
  type RevocationsInForceResult,
} from './tokens.queries.ts';

/** Unsent revocations are retried this often (Redis away, or a wake-up that raced a commit). */
const RETRY_INTERVAL_MS = 1_000;
/** A revocation is kept past the last token it voids by this much: clock skew between issuer and routers, and the verifiers' tolerance. */
const EXPIRY_MARGIN_SECONDS = 60;
/** Sent revocations stay a day past their expiry for inspection, then go. */
const CLEANUP_INTERVAL_MS = 60_000;

const toRevocation = (row: RevocationsInForceResult): TokenRevocation => ({
  userId: row.user_id,
  tokenVersion: row.token_version,
  expiresAt: new Date(row.expires_at).getTime(),
});

/**
 * Voids a user's access tokens at every router within a second or so, instead of when they expire.
 * The deactivation or demotion raises the user's token version and, in the same transaction,
 * writes a `token_revocations` row: an outbox whose destination is the revocation store (Redis)
 * rather than Kafka, so a broker or Redis outage at that moment delays it but cannot lose it.
 * After the commit the row is sent at once; unsent rows are retried every second; and everything
 * still in force is sent again whenever the store's connection (re)opens, in case Redis lost it.
 */
export class TokenRevocations {
  readonly #orm: Orm;
  readonly #store: TokenRevocationStore;
  readonly #log: Logger;
  readonly #ttlSeconds: number;
  #running: Promise<void> | undefined;
  #again = false;
  #lastCleanup = 0;

  constructor(deps: { orm: Orm; store: TokenRevocationStore; logger: Logger; accessTokenTtlSeconds: number }) {
    this.#orm = deps.orm;
    this.#store = deps.store;
    this.#log = deps.logger.child({ component: 'token-revocations' });
    this.#ttlSeconds = deps.accessTokenTtlSeconds;
  }

  /** Records, in `tx`, that `userId`'s access tokens below `tokenVersion` are void. Sent once {@link wake} runs after the commit. */
  async record(tx: EntityManager, userId: string, tokenVersion: number): Promise<void> {
    await run(tx, recordTokenRevocation, {
      userId,
      tokenVersion,
      lifetimeSeconds: this.#ttlSeconds + EXPIRY_MARGIN_SECONDS,
    });
  }

  start(lifecycle: Lifecycle): void {
    const timer = setInterval(() => this.wake(), RETRY_INTERVAL_MS).unref();
    this.#store.onConnected(() => {
      this.#resendInForce().catch((error: unknown) =>
        this.#log.warn({ err: error }, 'could not resend token revocations; they go with the next write'),
      );
    });
    lifecycle.onShutdown('token revocations relay', async () => {
      clearInterval(timer);
      await this.#running;
    });
  }

  /** Sends whatever is unsent; called after a revoking transaction commits, and every second. */
  wake(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#sendUnsent();
        await this.#cleanup();
      } catch (error) {
        this.#log.warn({ err: error }, 'could not send token revocations; retrying');
        return;
      }
    } while (this.#again);
  }

  /** Marks rows sent only once the store took them; several processes skip each other's rows. */
  async #sendUnsent(): Promise<void> {
    await this.#orm.em.fork().transactional(async (tx) => {
      const rows = await run(tx, claimUnsentRevocations, undefined);
      if (rows.length === 0) return;
      await this.#store.publish(rows.map(toRevocation));
      await run(tx, markRevocationsSent, { seqs: rows.map((row) => row.seq) });
      this.#log.info({ revocations: rows.map(toRevocation) }, 'token revocations sent');
    });
  }

  async #resendInForce(): Promise<void> {
    const rows = await run(this.#orm.em.fork(), revocationsInForce, undefined);
    await this.#store.publish(rows.map(toRevocation));
  }

  async #cleanup(): Promise<void> {
    if (Date.now() - this.#lastCleanup < CLEANUP_INTERVAL_MS) return;
    this.#lastCleanup = Date.now();
    await run(this.#orm.em.fork(), deleteExpiredRevocations, undefined);
  }
}
