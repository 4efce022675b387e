// The platform's public surface: subgraphs and the router import from here only.
export {
  loadConfig,
  baseConfigSchema,
  routerSecret,
  requireProductionSecrets,
  ConfigError,
  type BaseConfig,
} from './config/config.ts';
export { loadRouterProtectionsConfig, type RouterProtectionsConfig } from './config/router-config.ts';
export {
  servicePort,
  subgraphUrl,
  usersJwksUrl,
  webPort,
  metricsPort,
  SERVICE_PORT_OFFSETS,
  WEB_PORT_OFFSET,
  type ServiceName,
  type SubgraphName,
} from './config/ports.ts';
export { createLogger, loggerForService, type Logger } from './logging/logger.ts';
export {
  acceptRequestId,
  currentRequestScope,
  runInRequestScope,
  REQUEST_ID_HEADER,
} from './logging/request-context.ts';
export {
  ClientError,
  ErrorCode,
  badInput,
  conflict,
  createErrorFormatter,
  forbidden,
  notFound,
  serviceUnavailable,
  unauthenticated,
} from './errors/errors.ts';
export { parseInput } from './errors/validation.ts';
export {
  describeLocalTime,
  instantFromLocal,
  isTimeZone,
  localTime,
  requireTimeZone,
  type LocalTime,
} from './time/local-time.ts';
export { escapeLike } from './db/like.ts';
export { newestFirst } from './db/newest-first.ts';
export { run, runOne } from './db/sql.ts';
export {
  openDatabase,
  closeDatabase,
  ensureDatabase,
  databaseUrl,
  withTransactionRetry,
  type EntityManager,
  type Orm,
  type DatabaseOptions,
} from './db/database.ts';
export { createEnvelope, type NewEvent } from './events/envelope.ts';
export { deadLetterTopic } from './events/dead-letters.ts';
export type {
  EventBus,
  ConsumerOptions,
  ConsumerLag,
  DeliveredEvent,
  EventHandler,
  OutgoingEvent,
} from './events/event-bus.ts';
export { handlerByTopic } from './events/event-bus.ts';
export { KafkaEventBus } from './events/kafka-bus.ts';
export { InProcessEventBus } from './events/in-process-bus.ts';
export { Outbox, OutboxRelay } from './events/outbox.ts';
export { idempotentHandler, type TransactionalEventHandler } from './events/inbox.ts';
export { InProcessPubSub, RedisPubSub, type PubSub } from './pubsub/pubsub.ts';
export {
  InProcessTokenRevocations,
  RedisTokenRevocations,
  type RevocationListener,
  type TokenRevocation,
  type TokenRevocationStore,
} from './auth/token-revocations.ts';
export { ROLES, roleAtLeast, isRole, type Role } from './auth/roles.ts';
export { SigningKeyStore, TICKET_KEYS_PATH, signingKeyMigrations, type ActiveKey } from './auth/signing-keys.ts';
export {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_TYPE,
  TOKEN_VERSION_CLAIM,
  accessTokenVerifier,
  bearerToken,
  createTokenVerifier,
  remoteKeySet,
  type Principal,
  type TokenVerifier,
} from './auth/tokens.ts';
export {
  allow,
  deny,
  rule,
  and,
  or,
  not,
  chain,
  hasRole,
  isAuthenticated,
  isOwnerOrAdmin,
  applyPermissions,
  type PermissionOptions,
  type ShieldRule,
} from './permissions/permissions.ts';
export { DateTimeScalar, JSONObjectScalar, LongScalar } from './graphql/scalars.ts';
export { money, DEFAULT_CURRENCY, type Money } from './graphql/money.ts';
export {
  currencyCodes,
  isCurrency,
  minorUnits,
  minorPerMajor,
  requireCurrency,
  formatMinorUnits,
} from './graphql/currencies.ts';
export { requireUuid, isUuid, type EntityReference } from './graphql/ids.ts';
export { loadSchemaFile } from './graphql/schema-file.ts';
export { keyedLoader, groupedLoader, loadExisting } from './graphql/loaders.ts';
export {
  encodeCursor,
  pageRequest,
  toConnection,
  MAX_PAGE_SIZE,
  type Connection,
  type PageRequest,
} from './graphql/pagination.ts';
export { startSubgraphServer, ROUTER_SECRET_HEADER, type RunningServer } from './http/subgraph-server.ts';
export { viewer, type BaseContext } from './http/base-context.ts';
export { bodyErrorHandler, sendGraphQLError } from './http/json-errors.ts';
export {
  INTERNAL_API_PREFIX,
  InternalCallError,
  InternalClient,
  internalCallConfigShape,
  internalRoutes,
  type InternalHandler,
  type InternalRoutes,
} from './http/internal-api.ts';
export { createHttpServer } from './http/http-server.ts';
export { compressResponses } from './http/compression.ts';
export { healthRoutes, reachable, type HealthChecks, type ReadinessChecks } from './http/health.ts';
export { metricsRegistry, createGauge, httpMetricsMiddleware, graphqlMetricsPlugin } from './http/metrics.ts';
export { startMetricsServer } from './http/metrics-server.ts';
export { Lifecycle } from './http/lifecycle.ts';
export { traceContextHeaders } from './telemetry/tracing.ts';
export { serverSpans, graphqlTracingPlugin, type ServerSpanOptions } from './telemetry/server-spans.ts';
export { createInfrastructure, forService, type Infrastructure } from './infrastructure.ts';
export { loadConfigOrExit, runStandalone } from './service/standalone.ts';
export { startPeriodic } from './service/periodic.ts';
export {
  createRateLimiter,
  rateLimited,
  RateLimiter,
  RateLimitStore,
  type RateLimitOptions,
  type RateLimitDeps,
} from './ratelimit/rate-limiter.ts';
export { openSubgraphStore, type SubgraphStore } from './service/subgraph-store.ts';
