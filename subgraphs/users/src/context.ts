import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type BaseContext, type EntityManager } from '@showstream/platform';
import type { AccountService } from './accounts/account.service.ts';
import { UserPreferencesSchema, UserSchema, type User, type UserPreferences } from './accounts/user.entity.ts';
import { LoyaltyAccountSchema, type LoyaltyAccount } from './loyalty/loyalty-account.entity.ts';
import { SocialLoginSchema, type SocialLogin } from './social/social-login.entity.ts';
import type { SocialLoginService } from './social/social-login.service.ts';

export interface UsersLoaders {
  user: DataLoader<string, User | null>;
  preferences: DataLoader<string, UserPreferences | null>;
  loyalty: DataLoader<string, LoyaltyAccount | null>;
  socialLogins: DataLoader<string, SocialLogin[]>;
}

export interface UsersContext extends BaseContext {
  em: EntityManager;
  accounts: AccountService;
  social: SocialLoginService;
  loaders: UsersLoaders;
}

/** One query per kind of row per request, however many users a response holds. */
export function createLoaders(em: EntityManager): UsersLoaders {
  return {
    user: keyedLoader(
      (ids) => em.find(UserSchema, { id: { $in: [...ids] } }),
      (user) => user.id,
    ),
    preferences: keyedLoader(
      (ids) => em.find(UserPreferencesSchema, { userId: { $in: [...ids] } }),
      (row) => row.userId,
    ),
    loyalty: keyedLoader(
      (ids) => em.find(LoyaltyAccountSchema, { userId: { $in: [...ids] } }),
      (row) => row.userId,
    ),
    socialLogins: groupedLoader(
      (ids) => em.find(SocialLoginSchema, { userId: { $in: [...ids] } }),
      (row) => row.userId,
    ),
  };
}
