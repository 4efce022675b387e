import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type GaugeConfiguration } from 'prom-client';
import type { Request, Response, NextFunction } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { currentRequestScope } from '../logging/request-context.ts';

/** One registry per process; in the embedded default every service shares it, labelled by service. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** A service's own gauge on the process registry; its `collect` runs on every scrape (e.g. to read a figure from the database). */
export function createGauge<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
  return new Gauge<T>({ ...config, registers: [metricsRegistry] });
}

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by service, route and status code',
  labelNames: ['service', 'method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

const graphqlOperations = new Counter({
  name: 'graphql_operations_total',
  help: 'GraphQL operations by service, operation name, type and outcome',
  labelNames: ['service', 'operation', 'type', 'outcome'],
  registers: [metricsRegistry],
});

const graphqlDuration = new Histogram({
  name: 'graphql_operation_duration_seconds',
  help: 'GraphQL operation duration by service and operation name',
  labelNames: ['service', 'operation', 'type'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

const graphqlSqlQueries = new Histogram({
  name: 'graphql_operation_sql_queries',
  help: 'SQL statements one GraphQL operation ran, by service and operation name (a rising count means an N+1)',
  labelNames: ['service', 'operation'],
  buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
  registers: [metricsRegistry],
});

export function httpMetricsMiddleware(service: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const stop = httpDuration.startTimer({ service, method: req.method });
    res.on('finish', () =>
      stop({ route: req.route?.path ?? (req.baseUrl || 'other'), status: String(res.statusCode) }),
    );
    next();
  };
}

/** Rate, errors and duration per operation: the RED metrics the alert rules read. */
export function graphqlMetricsPlugin(service: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors }) {
          const labels = { service, operation: operationName ?? 'anonymous', type: operation?.operation ?? 'unknown' };
          graphqlOperations.inc({ ...labels, outcome: errors?.length ? 'error' : 'success' });
          graphqlDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          graphqlSqlQueries.observe({ service, operation: labels.operation }, currentRequestScope()?.sqlQueries ?? 0);
        },
      };
    },
  };
}
