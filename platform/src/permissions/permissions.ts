import { allow, deny, rule, shield, type IRules, type IRule } from 'graphql-shield';

/** Any shield rule (the package exports the type only under this name). */
type ShieldRule = IRule;
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { forbidden, unauthenticated } from '../errors/errors.ts';
import { roleAtLeast, type Role } from '../auth/roles.ts';
import type { Principal } from '../auth/tokens.ts';

export { allow, deny, rule };
export { and, or, not, chain } from 'graphql-shield';
export type { ShieldRule };

interface WithPrincipal {
  principal?: Principal;
}

/** Any signed-in caller. `contextual` caching is right here: the answer depends on the caller only. */
export const isAuthenticated: ShieldRule = rule({ cache: 'contextual' })((_parent, _args, ctx: WithPrincipal) =>
  ctx.principal ? true : unauthenticated(),
);

const roleRules = new Map<Role, ShieldRule>();
/** The caller's role is `minimum` or higher. */
export function hasRole(minimum: Role): ShieldRule {
  let cached = roleRules.get(minimum);
  if (!cached) {
    cached = rule(`hasRole:${minimum}`, { cache: 'contextual' })((_parent, _args, ctx: WithPrincipal) => {
      if (!ctx.principal) return unauthenticated();
      return roleAtLeast(ctx.principal.role, minimum) ? true : forbidden(`This needs the ${minimum} role.`);
    });
    roleRules.set(minimum, cached);
  }
  return cached;
}

/**
 * The caller owns the object (or argument) the field is about, or is an admin. `strict` caching,
 * because the answer depends on the parent and arguments, not only on the caller.
 */
export function isOwnerOrAdmin<TParent, TArgs>(
  ownerOf: (parent: TParent, args: TArgs) => string | undefined,
  name: string,
): ShieldRule {
  return rule(`isOwnerOrAdmin:${name}`, { cache: 'strict' })((parent: TParent, args: TArgs, ctx: WithPrincipal) => {
    if (!ctx.principal) return unauthenticated();
    if (roleAtLeast(ctx.principal.role, 'ADMIN')) return true;
    return ownerOf(parent, args) === ctx.principal.userId ? true : forbidden();
  });
}

/**
 * `_entities` is how the router loads objects by key; a client that reached a subgraph directly
 * could use it to load any object. Only the listed types may be resolved this way, and their
 * fields stay guarded by their own rules (and `__resolveReference` by its own checks).
 */
function entitiesRule(entityTypes: string[]): ShieldRule {
  const allowed = new Set(entityTypes);
  return rule('entities', { cache: 'strict' })((_parent, args: { representations?: { __typename?: string }[] }) =>
    (args.representations ?? []).every((representation) => allowed.has(representation.__typename ?? ''))
      ? true
      : forbidden(),
  );
}

export interface PermissionOptions {
  rules: IRules;
  /** Types the router may resolve through `_entities`. */
  entityTypes: string[];
}

/**
 * Applies graphql-shield with deny as the fallback for every field not named in `rules`.
 * Federation's `_service` is allowed (the router composes from it); `_entities` per type.
 * `allowExternalErrors` lets our own ClientErrors (NOT_FOUND, CONFLICT…) through; anything else is
 * masked later by the error formatter. `debug` stays off: it would bypass that masking.
 */
export function applyPermissions(schema: GraphQLSchema, options: PermissionOptions): GraphQLSchema {
  const rules = options.rules as Record<string, Record<string, unknown>>;
  // A subgraph without entity types has no `_entities` field, and shield refuses rules for fields that do not exist.
  const hasEntities = schema.getQueryType()?.getFields()._entities !== undefined;
  const query = {
    ...(rules.Query ?? {}),
    _service: allow,
    ...(hasEntities ? { _entities: entitiesRule(options.entityTypes) } : {}),
  };
  const middleware = shield({ ...rules, Query: query, _Service: allow } as IRules, {
    fallbackRule: deny,
    fallbackError: () => forbidden(),
    allowExternalErrors: true,
    debug: false,
  });
  return applyMiddleware(schema, middleware);
}
