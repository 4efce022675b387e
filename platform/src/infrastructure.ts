import type { BaseConfig } from './config/config.ts';
import { createLogger, loggerForService, type Logger } from './logging/logger.ts';
import type { EventBus } from './events/event-bus.ts';
import { KafkaEventBus } from './events/kafka-bus.ts';
import { InProcessEventBus } from './events/in-process-bus.ts';
import { InProcessPubSub, RedisPubSub, type PubSub } from './pubsub/pubsub.ts';
import {
  InProcessTokenRevocations,
  RedisTokenRevocations,
  type TokenRevocationStore,
} from './auth/token-revocations.ts';
import { Lifecycle } from './http/lifecycle.ts';
import { shutdownTracing, startTracing } from './telemetry/tracing.ts';

/** The infrastructure a service runs on. Standalone processes build their own; the embedded default shares one. */
export interface Infrastructure {
  config: BaseConfig;
  logger: Logger;
  bus: EventBus;
  pubsub: PubSub;
  /** Token revocations from the users subgraph to the routers (shared in-process on the embedded default). */
  revocations: TokenRevocationStore;
  lifecycle: Lifecycle;
}

/** Kafka when KAFKA_BROKERS is set, Redis when REDIS_URL is set, in-process twins otherwise. */
export async function createInfrastructure(name: string, config: BaseConfig): Promise<Infrastructure> {
  const logger = createLogger(name, config.LOG_LEVEL);
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_GRACE_MS);
  startTracing(name, logger);
  // The first hook runs last: spans of everything else's shutdown are sent too.
  lifecycle.onShutdown('traces', shutdownTracing);
  const bus = stoppingConsumersFirst(
    config.KAFKA_BROKERS
      ? new KafkaEventBus({
          brokers: config.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
          clientId: `${config.KAFKA_CLIENT_ID}-${name}`,
          logger,
        })
      : new InProcessEventBus(logger),
    lifecycle,
  );
  const pubsub: PubSub = config.REDIS_URL ? new RedisPubSub(config.REDIS_URL, logger) : new InProcessPubSub();
  const revocations: TokenRevocationStore = config.REDIS_URL
    ? new RedisTokenRevocations(config.REDIS_URL, config.RATE_LIMIT_KEY_PREFIX, logger)
    : new InProcessTokenRevocations();
  // Registered first so they close last, after servers and consumers have stopped.
  lifecycle.onShutdown('pubsub', () => pubsub.close());
  lifecycle.onShutdown('token revocations', () => revocations.close());
  lifecycle.onShutdown('event bus', () => bus.stop());
  await bus.start();
  logger.info({ bus: bus.kind, pubsub: pubsub.kind }, 'infrastructure ready');
  return { config, logger, bus, pubsub, revocations, lifecycle };
}

/** A service's view of shared infrastructure: same connections, its own logger name. */
export function forService(infra: Infrastructure, service: string): Infrastructure {
  return { ...infra, logger: loggerForService(infra.logger, service) };
}

/**
 * The bus services get: each consumer group they start stops at shutdown before what was set up
 * before it — its service's outbox relay and database — so no event is applied to a closed pool
 * (which MikroORM would reopen). The bus itself, registered first, still closes last.
 */
function stoppingConsumersFirst(bus: EventBus, lifecycle: Lifecycle): EventBus {
  return {
    kind: bus.kind,
    start: () => bus.start(),
    publish: (events) => bus.publish(events),
    consume: async (options) => {
      const stop = await bus.consume(options);
      lifecycle.onShutdown(`${options.groupId} consumer`, stop);
      return stop;
    },
    healthy: () => bus.healthy(),
    consumerLag: () => bus.consumerLag(),
    stop: () => bus.stop(),
  };
}
