import { allow, hasRole, isAuthenticated, isOwnerOrAdmin, type PermissionOptions } from '@showstream/platform';
import type { User } from './accounts/user.entity.ts';

const isSelfOrAdmin = isOwnerOrAdmin((user: User) => user.id, 'user');

/** Who may do what in the users subgraph; anything not listed is denied. */
export const permissions: PermissionOptions = {
  entityTypes: ['User'],
  rules: {
    Query: {
      me: allow,
      user: isOwnerOrAdmin((_parent: unknown, args: { id: string }) => args.id, 'userArg'),
      users: hasRole('ADMIN'),
      auditLog: hasRole('ADMIN'),
    },
    Mutation: {
      register: allow,
      login: allow,
      refreshToken: allow,
      logout: allow,
      loginWithProvider: allow,
      updateProfile: isAuthenticated,
      updatePreferences: isAuthenticated,
      setUserRole: hasRole('SUPER_ADMIN'),
      setUserActive: hasRole('ADMIN'),
    },
    // A user's data is theirs and admins'; other subgraphs resolving a User reference get no more than that.
    User: { '*': isSelfOrAdmin },
    AuthPayload: allow,
    UserPreferences: allow,
    NotificationPreferences: allow,
    LoyaltyAccount: allow,
    UserConnection: allow,
    AuditEntry: allow,
    AuditEntryConnection: allow,
    AuditEntryEdge: allow,
    UserEdge: allow,
    PageInfo: allow,
  },
};
