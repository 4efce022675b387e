import type { ResolverTypesConfig } from '../../schema/resolver-types.ts';

/** Resolver types: `npm run compose` writes them to src/generated/resolvers.ts. */
export default {
  contextType: '../context.ts#UsersContext',
  mappers: {
    User: '../accounts/user.entity.ts#User',
    AuditEntry: '../audit/audit-entry.entity.ts#AuditEntry',
  },
} satisfies ResolverTypesConfig;
