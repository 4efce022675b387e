import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  ClientError,
  ErrorCode,
  badInput,
  conflict,
  escapeLike,
  forbidden,
  newestFirst,
  notFound,
  parseInput,
  requireUuid,
  roleAtLeast,
  unauthenticated,
  withTransactionRetry,
  type Connection,
  type EntityManager,
  type Outbox,
  type Principal,
  type Role,
} from '@showstream/platform';
import { audit } from '../audit/audit.ts';
import { LoyaltyAccountSchema } from '../loyalty/loyalty-account.entity.ts';
import type { TokenRevocations } from '../tokens/token-revocations.ts';
import type { IssuedTokens, TokenService } from '../tokens/token.service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES, UserPreferencesSchema, UserSchema, type User } from './user.entity.ts';
import { preferencesSchema, profileSchema, registerSchema } from './validation.ts';

export interface AuthResult extends IssuedTokens {
  user: User;
}

export interface NewAccount {
  email: string;
  passwordHash: string | null;
  firstName: string | null;
  lastName: string | null;
  phone?: string | null;
  dateOfBirth?: string | null;
  role?: Role;
}

const INVALID_CREDENTIALS = 'Invalid email or password.';

/** Accounts: registration, sign-in, profile, preferences, roles. Each write is one transaction with its events. */
export class AccountService {
  readonly #em: EntityManager;
  readonly #tokens: TokenService;
  readonly #outbox: Outbox;
  readonly #revocations: TokenRevocations;

  constructor(em: EntityManager, tokens: TokenService, outbox: Outbox, revocations: TokenRevocations) {
    this.#em = em;
    this.#tokens = tokens;
    this.#outbox = outbox;
    this.#revocations = revocations;
  }

  /** Creates a user with preferences and a loyalty account inside `tx`; CONFLICT when the email is taken. */
  async createAccount(tx: EntityManager, account: NewAccount, source: string): Promise<User> {
    const user = tx.create(UserSchema, {
      email: account.email,
      passwordHash: account.passwordHash,
      firstName: account.firstName,
      lastName: account.lastName,
      phone: account.phone ?? null,
      dateOfBirth: account.dateOfBirth ?? null,
      role: account.role ?? 'USER',
    });
    tx.create(UserPreferencesSchema, { userId: user.id, notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES });
    tx.create(LoyaltyAccountSchema, { userId: user.id });
    await this.#outbox.add(tx, 'user-events', {
      type: 'UserRegistered',
      key: user.id,
      data: {
        userId: user.id,
        email: user.email,
        firstName: user.firstName ?? null,
        lastName: user.lastName ?? null,
        phone: user.phone ?? null,
        role: user.role,
        source,
      },
    });
    try {
      await tx.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw conflict('An account with this email already exists.', { field: 'email' });
      throw error;
    }
    return user;
  }

  async register(input: unknown): Promise<AuthResult> {
    const data = parseInput(registerSchema, input);
    const passwordHash = await hashPassword(data.password);
    return this.#em.fork().transactional(async (tx) => {
      const user = await this.createAccount(tx, { ...data, passwordHash }, 'password');
      return { user, ...(await this.#tokens.issue(tx, user)) };
    });
  }

  async login(email: string, password: string): Promise<AuthResult> {
    const user = await this.findByEmail(email.trim().toLowerCase());
    // Same message and (through the dummy hash) about the same time whether the email exists or not.
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) throw unauthenticated(INVALID_CREDENTIALS);
    if (!user.isActive) throw forbidden('This account has been deactivated.');
    return this.signIn(user, 'password');
  }

  /** Issues a new token family for `user` and records the sign-in. */
  async signIn(user: User, method: string): Promise<AuthResult> {
    return this.#em.fork().transactional(async (tx) => {
      const tokens = await this.#tokens.issue(tx, user);
      await this.#outbox.add(tx, 'user-events', {
        type: 'UserLoggedIn',
        key: user.id,
        data: { userId: user.id, method },
      });
      return { user, ...tokens };
    });
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const { userId, familyId } = await this.#tokens.rotate(this.#em.fork(), refreshToken);
    const user = await this.#em.fork().findOne(UserSchema, { id: userId });
    if (!user?.isActive) throw unauthenticated('The refresh token is invalid or has expired. Sign in again.');
    return this.#em.fork().transactional(async (tx) => ({ user, ...(await this.#tokens.issue(tx, user, familyId)) }));
  }

  async logout(refreshToken: string): Promise<boolean> {
    await this.#tokens.revokeFamilyOf(this.#em.fork(), refreshToken);
    return true;
  }

  /** Whether anyone can administer roles: an active SUPER_ADMIN exists. */
  async hasActiveSuperAdmin(): Promise<boolean> {
    return (await this.#em.fork().count(UserSchema, { role: 'SUPER_ADMIN', isActive: true })) > 0;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.#em.fork().findOne(UserSchema, { email: email.toLowerCase() });
  }

  async updateProfile(principal: Principal, input: unknown): Promise<User> {
    const data = parseInput(profileSchema, input);
    return this.#em.fork().transactional(async (tx) => {
      const user = await tx.findOneOrFail(UserSchema, { id: principal.userId });
      const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
      tx.assign(user, changes);
      // The contact details go with the change, for consumers that keep them (notification's contacts).
      await this.#outbox.add(tx, 'user-events', {
        type: 'UserProfileUpdated',
        key: user.id,
        data: {
          userId: user.id,
          changed: Object.keys(changes),
          email: user.email,
          firstName: user.firstName ?? null,
          lastName: user.lastName ?? null,
          phone: user.phone ?? null,
        },
      });
      return user;
    });
  }

  async updatePreferences(principal: Principal, input: unknown): Promise<User> {
    const data = parseInput(preferencesSchema, input);
    return this.#em.fork().transactional(async (tx) => {
      const preferences = await tx.findOneOrFail(UserPreferencesSchema, { userId: principal.userId });
      if (data.language !== undefined) preferences.preferredLanguage = data.language;
      if (data.city !== undefined) preferences.preferredCity = data.city;
      if (data.notifications) {
        const explicit = Object.fromEntries(
          Object.entries(data.notifications).filter(([, value]) => value !== null && value !== undefined),
        );
        preferences.notificationPreferences = { ...preferences.notificationPreferences, ...explicit };
      }
      await this.#outbox.add(tx, 'user-events', {
        type: 'UserPreferencesUpdated',
        key: principal.userId,
        data: {
          userId: principal.userId,
          language: preferences.preferredLanguage ?? null,
          city: preferences.preferredCity ?? null,
          notifications: preferences.notificationPreferences,
        },
      });
      return tx.findOneOrFail(UserSchema, { id: principal.userId });
    });
  }

  async setRole(actor: Principal, userId: string, role: Role): Promise<User> {
    if (actor.userId === userId) throw badInput('You cannot change your own role.', 'userId');
    const changed = await withTransactionRetry(() =>
      this.#em.fork().transactional(async (tx) => {
        const user = await tx.findOne(UserSchema, { id: requireUuid(userId, 'User') });
        if (!user) throw notFound('User', userId);
        const previous = user.role;
        if (previous === role) return user;
        user.role = role;
        // A demoted user's tokens still name the old role: void them, so the next refresh carries the new one.
        // (A promotion needs nothing: the old token only claims less.)
        if (!roleAtLeast(role, previous)) await this.#revokeTokens(tx, user);
        audit(tx, {
          actorId: actor.userId,
          actorRole: actor.role,
          action: 'user.role.changed',
          targetType: 'User',
          targetId: userId,
          details: { from: previous, to: role },
        });
        await this.#outbox.add(tx, 'user-events', {
          type: 'UserRoleChanged',
          key: userId,
          data: { userId, from: previous, to: role, changedBy: actor.userId },
        });
        return user;
      }),
    );
    this.#revocations.wake();
    return changed;
  }

  async setActive(actor: Principal, userId: string, active: boolean): Promise<User> {
    if (actor.userId === userId) throw badInput('You cannot change your own account status.', 'userId');
    const changed = await this.#em.fork().transactional(async (tx) => {
      const user = await tx.findOne(UserSchema, { id: requireUuid(userId, 'User') });
      if (!user) throw notFound('User', userId);
      // An admin manages users below them; only a super admin manages admins.
      if (actor.role !== 'SUPER_ADMIN' && roleAtLeast(user.role, actor.role)) {
        throw forbidden('You can only change the status of users with a lower role.');
      }
      if (user.isActive === active) return user;
      user.isActive = active;
      if (!active) {
        // Refresh tokens end here; access tokens end at the routers once the revocation reaches them.
        await this.#tokens.revokeAllForUser(tx, userId);
        await this.#revokeTokens(tx, user);
      }
      audit(tx, {
        actorId: actor.userId,
        action: active ? 'user.activated' : 'user.deactivated',
        targetType: 'User',
        targetId: userId,
      });
      await this.#outbox.add(tx, 'user-events', {
        type: 'UserActivationChanged',
        key: userId,
        data: { userId, active, changedBy: actor.userId },
      });
      return user;
    });
    this.#revocations.wake();
    return changed;
  }

  /** Raises the user's token version, voiding every access token issued before, and records the revocation for the routers. */
  async #revokeTokens(tx: EntityManager, user: User): Promise<void> {
    user.tokenVersion += 1;
    await this.#revocations.record(tx, user.id, user.tokenVersion);
  }

  /**
   * Makes sure the configured first super admin exists and has the role. Safe to run from several
   * processes at once: a lost registration race just means the other process created it.
   */
  async ensureSuperAdmin(email: string, password: string): Promise<void> {
    const normalised = email.toLowerCase();
    const existing = await this.findByEmail(normalised);
    if (existing) {
      if (existing.role !== 'SUPER_ADMIN') {
        await this.#em.fork().transactional(async (tx) => {
          const user = await tx.findOneOrFail(UserSchema, { id: existing.id });
          user.role = 'SUPER_ADMIN';
          audit(tx, {
            actorId: null,
            action: 'user.role.changed',
            targetType: 'User',
            targetId: user.id,
            details: { to: 'SUPER_ADMIN', reason: 'SUPERADMIN_EMAIL' },
          });
          await this.#outbox.add(tx, 'user-events', {
            type: 'UserRoleChanged',
            key: user.id,
            data: { userId: user.id, from: existing.role, to: 'SUPER_ADMIN', changedBy: null },
          });
        });
      }
      return;
    }
    const passwordHash = await hashPassword(password);
    try {
      await this.#em
        .fork()
        .transactional((tx) =>
          this.createAccount(
            tx,
            { email: normalised, passwordHash, firstName: 'Super', lastName: 'Admin', role: 'SUPER_ADMIN' },
            'bootstrap',
          ),
        );
    } catch (error) {
      if (!(error instanceof ClientError && error.extensions.code === ErrorCode.CONFLICT)) throw error;
    }
  }

  async list(
    first: number | null | undefined,
    after: string | null | undefined,
    search: string | null | undefined,
  ): Promise<Connection<User>> {
    const term = search?.trim();
    if (term && term.length > 100) throw badInput('search is too long.', 'search');
    const pattern = term ? `%${escapeLike(term)}%` : undefined;
    const filter = pattern
      ? { $or: [{ email: { $ilike: pattern } }, { firstName: { $ilike: pattern } }, { lastName: { $ilike: pattern } }] }
      : {};
    return newestFirst(this.#em, UserSchema, filter, first, after);
  }
}
