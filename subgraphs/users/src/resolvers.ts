import { DateTimeScalar, JSONObjectScalar, isUuid, viewer } from '@showstream/platform';
import type { AuthResult } from './accounts/account.service.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES } from './accounts/user.entity.ts';
import { listAuditLog } from './audit/audit.ts';
import { loyaltyTier } from './loyalty/loyalty-account.entity.ts';
import type { UsersContext } from './context.ts';
import type { Resolvers } from './generated/resolvers.ts';

/** After a sign-in the rest of the response is rendered for the user who just signed in. */
function authPayload(ctx: UsersContext, result: AuthResult) {
  ctx.principal = {
    userId: result.user.id,
    role: result.user.role,
    email: result.user.email,
    expiresAt: Math.floor(result.accessTokenExpiresAt.getTime() / 1000),
    tokenVersion: result.user.tokenVersion,
  };
  return result;
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSONObject: JSONObjectScalar,
  Query: {
    me: (_parent, _args, ctx) => (ctx.principal ? ctx.loaders.user.load(ctx.principal.userId) : null),
    user: async (_parent, { id }, ctx) => (isUuid(id) ? ((await ctx.loaders.user.load(id)) ?? null) : null),
    users: (_parent, args, ctx) => ctx.accounts.list(args.first, args.after, args.search),
    auditLog: (_parent, args, ctx) => listAuditLog(ctx.em, args),
  },
  Mutation: {
    register: async (_parent, { input }, ctx) => authPayload(ctx, await ctx.accounts.register(input)),
    login: async (_parent, args, ctx) => authPayload(ctx, await ctx.accounts.login(args.email, args.password)),
    refreshToken: async (_parent, args, ctx) => authPayload(ctx, await ctx.accounts.refresh(args.refreshToken)),
    logout: (_parent, args, ctx) => ctx.accounts.logout(args.refreshToken),
    loginWithProvider: async (_parent, args, ctx) =>
      authPayload(ctx, await ctx.social.login(args.provider, args.idToken)),
    updateProfile: (_parent, { input }, ctx) => ctx.accounts.updateProfile(viewer(ctx), input),
    updatePreferences: (_parent, { input }, ctx) => ctx.accounts.updatePreferences(viewer(ctx), input),
    setUserRole: (_parent, args, ctx) => ctx.accounts.setRole(viewer(ctx), args.userId, args.role),
    setUserActive: (_parent, args, ctx) => ctx.accounts.setActive(viewer(ctx), args.userId, args.active),
  },
  AuditEntry: {
    actor: async (entry, _args, ctx) => (entry.actorId ? ((await ctx.loaders.user.load(entry.actorId)) ?? null) : null),
  },
  User: {
    __resolveReference: (reference, ctx) => ctx.loaders.user.load(reference.id),
    preferences: async (user, _args, ctx) => {
      const preferences = await ctx.loaders.preferences.load(user.id);
      return {
        language: preferences?.preferredLanguage,
        city: preferences?.preferredCity,
        notifications: preferences?.notificationPreferences ?? DEFAULT_NOTIFICATION_PREFERENCES,
      };
    },
    loyalty: async (user, _args, ctx) => {
      const account = await ctx.loaders.loyalty.load(user.id);
      const lifetimePoints = account?.lifetimePoints ?? 0;
      return { points: account?.points ?? 0, lifetimePoints, tier: loyaltyTier(lifetimePoints) };
    },
    linkedProviders: async (user, _args, ctx) =>
      (await ctx.loaders.socialLogins.load(user.id)).map((login) => login.provider),
  },
};
