import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  RateLimitStore,
  type Principal,
  type RateLimitDeps,
  type RateLimiter,
  type RouterProtectionsConfig,
} from '@showstream/platform';

/** Who a budget belongs to: the user when signed in, the client address otherwise. */
export interface Caller {
  principal?: Principal | undefined;
  clientIp?: string | undefined;
}

type BudgetKey = 'RATE_LIMIT_AUTH' | 'RATE_LIMIT_SEAT_LOCKS' | 'RATE_LIMIT_PAYMENTS';

/** Mutation fields with budgets of their own, stricter than the general one. */
const STRICT_BUDGETS: readonly { name: string; fields: readonly string[]; budget: BudgetKey; what: string }[] = [
  {
    name: 'auth',
    fields: ['login', 'register', 'loginWithProvider'],
    budget: 'RATE_LIMIT_AUTH',
    what: 'sign-in attempts',
  },
  { name: 'seat-locks', fields: ['lockSeats'], budget: 'RATE_LIMIT_SEAT_LOCKS', what: 'seat holds' },
  {
    name: 'payments',
    fields: ['initiatePayment', 'confirmPayment', 'refundPayment'],
    budget: 'RATE_LIMIT_PAYMENTS',
    what: 'payment requests',
  },
];

const callerKey = (caller: Caller) =>
  caller.principal ? `user:${caller.principal.userId}` : `ip:${caller.clientIp ?? 'unknown'}`;

/**
 * The router's rate limits, counted in Redis (RATE_LIMIT_KEY_PREFIX namespaces them) so every
 * router process spends from one budget:
 * - every request and WebSocket subscribe spends one point of RATE_LIMIT_REQUESTS. While Redis is
 *   down this limit is off (with a warning in the log): it guards capacity, and refusing everyone
 *   for an outage of ours would be worse than a short spell without it;
 * - each `login`/`register`/`loginWithProvider`, `lockSeats` and payment field spends one point of
 *   its own stricter budget, so aliases and fragments batching several into one operation spend
 *   as many. These guard against password guessing, seat hoarding and card testing, so while Redis
 *   is down they count in each process's memory instead (the same budget per process).
 */
export class RouterRateLimits {
  readonly #requests: RateLimiter;
  readonly #strict: readonly { fields: ReadonlySet<string>; limiter: RateLimiter }[];

  constructor(deps: RateLimitDeps, config: Pick<RouterProtectionsConfig, 'RATE_LIMIT_REQUESTS' | BudgetKey>) {
    const store = new RateLimitStore(deps);
    this.#requests = store.limiter({
      keyPrefix: 'router:requests',
      ...config.RATE_LIMIT_REQUESTS,
      what: 'requests',
      whenRedisDown: 'allow',
    });
    this.#strict = STRICT_BUDGETS.map((group) => ({
      fields: new Set(group.fields),
      limiter: store.limiter({
        keyPrefix: `router:${group.name}`,
        ...config[group.budget],
        what: group.what,
        whenRedisDown: 'memory',
      }),
    }));
  }

  /** Spends one point of the general budget; throws RATE_LIMITED (with `retryAfterSeconds`) when it is used up. */
  admitRequest(caller: Caller): Promise<void> {
    return this.#requests.consume(callerKey(caller));
  }

  /** Spends the strict budgets of the mutation fields `operation` would execute. */
  async admitOperation(caller: Caller, document: DocumentNode, operation: OperationDefinitionNode): Promise<void> {
    if (operation.operation !== 'mutation') return;
    const fields = executedRootFields(document, operation.selectionSet);
    for (const { fields: limited, limiter } of this.#strict) {
      const points = fields.filter((field) => limited.has(field)).length;
      if (points > 0) await limiter.consume(callerKey(caller), points);
    }
  }
}

/**
 * The root fields an operation executes, one entry per response key: fields under one key are
 * merged into one execution, however many fragments repeat them, while aliases make separate ones.
 * (Fields under `@skip`/`@include` count as executed: a budget errs on the side of counting.)
 */
function executedRootFields(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const byResponseKey = new Map<string, string>();
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD)
        byResponseKey.set((selection.alias ?? selection.name).value, selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(selectionSet);
  return [...byResponseKey.values()];
}
