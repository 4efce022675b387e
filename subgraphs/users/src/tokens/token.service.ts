import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { LockMode } from '@mikro-orm/core';
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_TYPE,
  TOKEN_VERSION_CLAIM,
  unauthenticated,
  type EntityManager,
  type SigningKeyStore,
} from '@showstream/platform';
import type { User } from '../accounts/user.entity.ts';
import type { UsersConfig } from '../config.ts';
import { RefreshTokenSchema } from './token.entities.ts';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Why a refresh token was refused; the family is revoked (and committed) before the error is raised. */
type Rotation =
  { ok: true; userId: string; familyId: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/** Access tokens (ES256 JWTs) and refresh tokens (opaque, hashed, rotated, with reuse detection). */
export class TokenService {
  readonly #keys: SigningKeyStore;
  readonly #config: UsersConfig;

  constructor(keys: SigningKeyStore, config: UsersConfig) {
    this.#keys = keys;
    this.#config = config;
  }

  async issueAccessToken(
    user: Pick<User, 'id' | 'email' | 'role' | 'tokenVersion'>,
  ): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.#config.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const { kid, privateKey } = this.#keys.active;
    const token = await new SignJWT({ role: user.role, email: user.email, [TOKEN_VERSION_CLAIM]: user.tokenVersion })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE })
      .setSubject(user.id)
      .setIssuer(this.#config.JWT_ISSUER)
      .setAudience(this.#config.JWT_AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(privateKey);
    return { token, expiresAt };
  }

  /** Stores a new refresh token in `em`'s transaction; a new sign-in starts a new family. */
  createRefreshToken(
    em: EntityManager,
    userId: string,
    familyId: string = randomUUID(),
  ): { token: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.#config.REFRESH_TOKEN_TTL_DAYS * 24 * 60 * 60 * 1000);
    em.create(RefreshTokenSchema, { userId, familyId, tokenHash: hashToken(token), expiresAt });
    return { token, expiresAt };
  }

  async issue(
    em: EntityManager,
    user: Pick<User, 'id' | 'email' | 'role' | 'tokenVersion'>,
    familyId?: string,
  ): Promise<IssuedTokens> {
    const refresh = this.createRefreshToken(em, user.id, familyId);
    const access = await this.issueAccessToken(user);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
    };
  }

  /**
   * Spends a refresh token and returns its owner and family. A spent token presented again after
   * the grace interval means it was copied: the whole family is revoked and the caller must sign in.
   */
  async rotate(em: EntityManager, token: string): Promise<{ userId: string; familyId: string }> {
    const result = await em.transactional(async (tx): Promise<Rotation> => {
      const stored = await tx.findOne(
        RefreshTokenSchema,
        { tokenHash: hashToken(token) },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!stored) return { ok: false, reason: 'unknown' };
      if (stored.revokedAt) return { ok: false, reason: 'revoked' };
      if (stored.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
      if (stored.usedAt) {
        const withinGrace = Date.now() - stored.usedAt.getTime() <= this.#config.REFRESH_REUSE_GRACE_SECONDS * 1000;
        if (withinGrace) return { ok: true, userId: stored.userId, familyId: stored.familyId };
        await this.revokeFamily(tx, stored.familyId);
        return { ok: false, reason: 'reused' };
      }
      stored.usedAt = new Date();
      return { ok: true, userId: stored.userId, familyId: stored.familyId };
    });
    if (result.ok) return result;
    throw unauthenticated(
      result.reason === 'reused'
        ? 'This refresh token was already used; every session it belonged to has been signed out. Sign in again.'
        : 'The refresh token is invalid or has expired. Sign in again.',
    );
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.nativeUpdate(RefreshTokenSchema, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Revokes the family of `token` if it exists; unknown tokens are ignored so logout never fails. */
  async revokeFamilyOf(em: EntityManager, token: string): Promise<void> {
    const stored = await em.findOne(RefreshTokenSchema, { tokenHash: hashToken(token) });
    if (stored) await this.revokeFamily(em, stored.familyId);
  }

  async revokeAllForUser(em: EntityManager, userId: string): Promise<void> {
    await em.nativeUpdate(RefreshTokenSchema, { userId, revokedAt: null }, { revokedAt: new Date() });
  }
}
