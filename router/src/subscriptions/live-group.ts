import {
  Kind,
  OperationTypeNode,
  execute,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { Logger } from '@showstream/platform';
import type { GatewayFetch } from './gateway-fetch.ts';
import type { LiveFieldDeclaration } from '@showstream/contracts';
import { liveMetrics } from './live-metrics.ts';

export interface LiveGroupOptions {
  key: string;
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  fieldName: string;
  source: LiveFieldDeclaration;
  fetch: GatewayFetch;
  logger: Logger;
}

export interface GroupMember {
  socket: WebSocket;
  /** The member's own subscription id, which every frame to it must carry. */
  id: string;
  accessToken?: string;
}

/** A socket whose unsent data passes this is too slow to keep up: it is skipped, not waited for. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Messages waiting for one group; beyond this the oldest are dropped and clients recover through versions. */
const MAX_QUEUED_MESSAGES = 1_000;
/** How long fetched entity data (a show's title) is reused across events. */
const ENTITY_CACHE_MS = 5_000;
const FRAME_END = Buffer.from('}');
/** The response key of a fetched entity when the subscription field is the entity itself. */
const ROOT_ENTITY_ALIAS = 'liveEntity';

/**
 * All subscriptions with the same operation, variables and viewer role. Each event is resolved
 * once for the group — entity fields fetched through the gateway at most once (and cached
 * briefly), the result serialised once — and the same bytes go to every member socket, with
 * only the graphql-ws envelope (which carries the member's own subscription id) around them.
 */
export class LiveGroup {
  readonly members = new Set<GroupMember>();
  readonly #queue: string[] = [];
  #draining = false;
  readonly #entityCache = new Map<string, { expires: number; data: Record<string, unknown> }>();
  /** Objects that came from the gateway: their keys are response keys (aliases), not field names. */
  readonly #fetched = new WeakSet<object>();
  readonly #entityQuery: string | undefined;
  readonly #options: LiveGroupOptions;

  constructor(options: LiveGroupOptions) {
    this.#options = options;
    this.#entityQuery = options.source.entity
      ? entityQuery(options.document, options.operationName, options.source.entity)
      : undefined;
  }

  /** Called for every pub/sub message on the group's channel. */
  accept(message: string): void {
    if (this.#queue.length >= MAX_QUEUED_MESSAGES) this.#queue.shift();
    this.#queue.push(message);
    if (!this.#draining) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.members.size > 0) {
        const message = this.#queue.shift();
        if (message === undefined) break;
        try {
          const result = await this.#resolve(JSON.parse(message) as Record<string, unknown>);
          liveMetrics.resolutions.inc({ field: this.#options.fieldName });
          this.#send(Buffer.from(JSON.stringify(result)));
        } catch (error) {
          this.#options.logger.warn({ err: error, group: this.#options.key }, 'could not resolve a live event');
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  async #resolve(payload: Record<string, unknown>): Promise<ExecutionResult> {
    const root: Record<string, unknown> = { ...payload };
    const { source, schema, document, operationName, variables, fieldName } = this.#options;
    let rootValue: Record<string, unknown> = { [fieldName]: root };
    if (this.#entityQuery && source.entity) {
      const fetched = await this.#entityFields(this.#entityQuery, String(payload[source.entity.payloadKey]));
      if (source.entity.field) Object.assign(root, fetched);
      else rootValue = { [fieldName]: fetched[ROOT_ENTITY_ALIAS] ?? null };
    }
    const entityField = source.entity?.field;
    const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (parent, _args, _context, info) => {
      const object = parent as Record<string, unknown>;
      // Event payload fields are found by name; what came from the gateway (and the entity fields on the root) by response key.
      const byResponseKey = this.#fetched.has(object) || (object === root && info.fieldName === entityField);
      return byResponseKey ? object[info.path.key as string] : object[info.fieldName];
    };
    return execute({
      schema,
      document,
      operationName,
      variableValues: variables,
      rootValue,
      fieldResolver,
    }) as Promise<ExecutionResult>;
  }

  async #entityFields(entityQuery: string, id: string): Promise<Record<string, unknown>> {
    const cached = this.#entityCache.get(id);
    if (cached && cached.expires > Date.now()) return cached.data;
    const member = this.members.values().next().value;
    const result = await this.#options.fetch(
      entityQuery,
      { ...this.#options.variables, liveEntityId: id },
      member?.accessToken,
    );
    if (!result.data || result.errors)
      this.#options.logger.warn({ group: this.#options.key, result }, 'live event entity fetch failed');
    const data = (result.data ?? {}) as Record<string, unknown>;
    markFetched(data, this.#fetched);
    const cacheMs = this.#options.source.entity?.cacheMs ?? ENTITY_CACHE_MS;
    if (cacheMs > 0) this.#entityCache.set(id, { expires: Date.now() + cacheMs, data });
    return data;
  }

  #send(payload: Buffer): void {
    for (const member of this.members) {
      const socket = member.socket;
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.#options.logger.warn({ group: this.#options.key }, 'closing a websocket that cannot keep up');
        liveMetrics.slowSockets.inc();
        socket.close(1013, 'Too slow to keep up; reconnect and refetch');
        continue;
      }
      const head = Buffer.from(`{"id":${JSON.stringify(member.id)},"type":"next","payload":`);
      socket.send(Buffer.concat([head, payload, FRAME_END]), { binary: false });
      liveMetrics.frames.inc({ field: this.#options.fieldName });
    }
  }
}

function markFetched(value: unknown, fetched: WeakSet<object>): void {
  if (value === null || typeof value !== 'object') return;
  fetched.add(value);
  for (const child of Object.values(value)) markFetched(child, fetched);
}

/**
 * Builds the query that fetches, through the gateway, what the subscription selects on the
 * entity field (e.g. `show { event { title } }` becomes `show(id: $liveEntityId) { event { title } }`),
 * keeping aliases and only the fragments and variables that part uses.
 */
export function entityQuery(
  document: DocumentNode,
  operationName: string | undefined,
  entity: NonNullable<LiveFieldDeclaration['entity']>,
): string | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (operationName === undefined || definition.name?.value === operationName),
  );
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const root = operation?.selectionSet.selections.find(
    (selection): selection is FieldNode => selection.kind === Kind.FIELD,
  );
  if (!operation || !root?.selectionSet) return undefined;

  const entityFields: FieldNode[] = [];
  const collect = (selectionSet: SelectionSetNode) => {
    if (!entity.field) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === entity.field) entityFields.push(selection);
      if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  if (entity.field) collect(root.selectionSet);
  else entityFields.push({ ...root, alias: { kind: Kind.NAME, value: ROOT_ENTITY_ALIAS } });
  if (entityFields.length === 0) return undefined;

  const selections: FieldNode[] = entityFields.map((field) => ({
    ...field,
    alias: field.alias ?? { kind: Kind.NAME, value: entity.field ?? ROOT_ENTITY_ALIAS },
    name: { kind: Kind.NAME, value: entity.queryField },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'id' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'liveEntityId' } },
      },
    ],
  }));
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const walk = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (usedFragments.has(spread.name.value)) return;
        usedFragments.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) walk(fragment);
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  // The fields' own arguments are replaced by `id: $liveEntityId`: only what they select counts.
  entityFields.forEach((field) => walk({ ...field, arguments: [] }));
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: 'LiveSubscriptionEntity' },
        variableDefinitions: [
          ...(operation.variableDefinitions ?? []).filter((definition) =>
            usedVariables.has(definition.variable.name.value),
          ),
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'liveEntityId' } },
            type: {
              kind: Kind.NON_NULL_TYPE,
              type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: entity.idType.replace('!', '') } },
            },
          },
        ],
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...[...usedFragments].flatMap((name) => fragments.get(name) ?? []),
    ],
  };
  return print(query);
}
