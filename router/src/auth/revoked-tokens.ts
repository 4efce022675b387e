import {
  unauthenticated,
  type Principal,
  type TokenRevocation,
  type TokenRevocationStore,
  type TokenVerifier,
} from '@showstream/platform';

interface Watcher {
  tokenVersion: number;
  onRevoked: () => void;
}

/**
 * This router process's copy of the token revocations (the users subgraph writes them when it
 * deactivates or demotes someone; tokens/token-revocations.ts there), filled from the revocation
 * store as they are announced. A check is a map lookup: no Redis round trip per request.
 */
export class RevokedTokens {
  /** The highest revoked version per user, until every token it voids has expired. */
  readonly #revoked = new Map<string, { tokenVersion: number; expiresAt: number }>();
  /** Open connections by user, to close when their token is revoked. */
  readonly #watchers = new Map<string, Set<Watcher>>();

  /** Loads what is in force (waiting briefly for Redis) and follows new revocations from then on. */
  static async start(store: TokenRevocationStore): Promise<RevokedTokens> {
    const revoked = new RevokedTokens();
    await store.watch((revocation) => revoked.#apply(revocation));
    return revoked;
  }

  isRevoked(principal: Principal): boolean {
    const entry = this.#revoked.get(principal.userId);
    return entry !== undefined && principal.tokenVersion < entry.tokenVersion;
  }

  /** `verify`, refusing a revoked token like any invalid one (HTTP 401; 4403 on `connection_init`). */
  verifier(verify: TokenVerifier): TokenVerifier {
    return async (token) => {
      const principal = await verify(token);
      if (this.isRevoked(principal))
        throw unauthenticated('The access token has been revoked; refresh it or sign in again.');
      return principal;
    };
  }

  /**
   * Calls `onRevoked` once, when `principal`'s token is revoked (at once if it already is);
   * the returned function stops watching (call it when the connection closes).
   */
  watch(principal: Principal, onRevoked: () => void): () => void {
    if (this.isRevoked(principal)) {
      onRevoked();
      return () => undefined;
    }
    const watcher: Watcher = { tokenVersion: principal.tokenVersion, onRevoked };
    let watchers = this.#watchers.get(principal.userId);
    if (!watchers) this.#watchers.set(principal.userId, (watchers = new Set()));
    watchers.add(watcher);
    return () => {
      watchers.delete(watcher);
      if (watchers.size === 0 && this.#watchers.get(principal.userId) === watchers)
        this.#watchers.delete(principal.userId);
    };
  }

  #apply(revocation: TokenRevocation): void {
    const now = Date.now();
    // Announcements repeat (on reconnect, on resend) and may arrive out of order: keep the highest version.
    for (const [userId, entry] of this.#revoked) if (entry.expiresAt <= now) this.#revoked.delete(userId);
    const known = this.#revoked.get(revocation.userId);
    if (revocation.expiresAt <= now || (known && known.tokenVersion >= revocation.tokenVersion)) return;
    this.#revoked.set(revocation.userId, { tokenVersion: revocation.tokenVersion, expiresAt: revocation.expiresAt });
    const watchers = this.#watchers.get(revocation.userId) ?? new Set();
    for (const watcher of watchers) {
      if (watcher.tokenVersion < revocation.tokenVersion) {
        watchers.delete(watcher);
        watcher.onRevoked();
      }
    }
    if (this.#watchers.get(revocation.userId)?.size === 0) this.#watchers.delete(revocation.userId);
  }
}
