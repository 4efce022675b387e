import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, getNamedType, valueFromASTUntyped, type FieldNode, type GraphQLFormattedError } from 'graphql';
import type { EventData } from '@showstream/contracts';
import { roleAtLeast } from '../auth/roles.ts';
import type { BaseContext } from '../http/base-context.ts';
import type { SubgraphStore } from '../service/subgraph-store.ts';

/** The event every subgraph emits on `audit-events` for an admin action; the users subgraph keeps the log. */
type AdminActionRecorded = EventData<'audit-events', 'AdminActionRecorded'>;

const SECRET_ARGUMENT = /password|token|secret|card|cvv|otp/i;

/**
 * Records every mutation an ADMIN or SUPER_ADMIN runs, and every mutation refused as FORBIDDEN
 * (someone reaching for an admin action), as an outbox event: written to the subgraph's own
 * database, so an entry survives a broker outage. Arguments are kept with secrets redacted.
 * `auditedInTransaction` names mutations that write a richer entry with their own change.
 */
export function auditPlugin(
  service: string,
  store: SubgraphStore,
  auditedInTransaction: readonly string[] = [],
): ApolloServerPlugin<BaseContext> {
  const skipped = new Set(auditedInTransaction);
  return {
    async requestDidStart({ contextValue }) {
      // The caller as they came in: a sign-in mutation replaces the context's principal with the account it signed in.
      const { principal, requestId, logger } = contextValue;
      return {
        async willSendResponse({ operation, request, response, schema }) {
          if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          const data = response.body.singleResult.data ?? {};
          const isAdmin = principal !== undefined && roleAtLeast(principal.role, 'ADMIN');
          const mutationType = schema.getMutationType();

          const entries: AdminActionRecorded[] = [];
          for (const field of operation.selectionSet.selections) {
            if (field.kind !== Kind.FIELD || field.name.value.startsWith('__') || skipped.has(field.name.value))
              continue;
            const responseKey = field.alias?.value ?? field.name.value;
            const fieldErrors = errors.filter((error) => error.path?.[0] === responseKey);
            const errorCodes = fieldErrors.map(errorCode);
            const denied = errorCodes.includes('FORBIDDEN');
            if (!isAdmin && !denied) continue;
            const args = argumentsOf(field, request.variables ?? {});
            const result = data[responseKey] as { id?: unknown } | null | undefined;
            const returnType = mutationType?.getFields()[field.name.value]?.type;
            entries.push({
              action: `${service}.${field.name.value}`,
              actorId: principal?.userId ?? null,
              actorRole: principal?.role ?? null,
              outcome: denied ? 'DENIED' : fieldErrors.length > 0 ? 'FAILED' : 'SUCCEEDED',
              errorCodes,
              targetType: returnType ? getNamedType(returnType).name : 'Unknown',
              targetId: targetIdOf(args, result),
              arguments: args,
              requestId,
            });
          }
          if (entries.length === 0) return;
          try {
            await store.orm.em.fork().transactional(async (em) => {
              for (const entry of entries) {
                await store.outbox.add(em, 'audit-events', {
                  type: 'AdminActionRecorded',
                  key: entry.actorId ?? 'anonymous',
                  data: entry,
                });
              }
            });
            for (const entry of entries) logger.info({ audit: entry }, 'admin action audited');
          } catch (error) {
            // The action itself has happened; the log line keeps the record when the database refuses it.
            logger.error({ err: error, audit: entries }, 'could not write audit entries');
          }
        },
      };
    },
  };
}

function errorCode(error: GraphQLFormattedError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

function argumentsOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    (field.arguments ?? []).map((argument) => [
      argument.name.value,
      redact(argument.name.value, valueFromASTUntyped(argument.value, variables)),
    ]),
  );
}

function redact(key: string, value: unknown): unknown {
  if (SECRET_ARGUMENT.test(key)) return '[redacted]';
  if (Array.isArray(value)) return value.map((item) => redact('', item));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(name, item)]));
  return value;
}

/** The object acted on: an `id`-like argument, else the id of what the mutation returned. */
function targetIdOf(args: Record<string, unknown>, result: { id?: unknown } | null | undefined): string {
  const candidate = args.id ?? Object.entries(args).find(([name]) => name.endsWith('Id'))?.[1] ?? result?.id;
  return typeof candidate === 'string' ? candidate.slice(0, 64) : '';
}
