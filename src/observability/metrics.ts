/**
 * `createMetrics(orm)`: the Prometheus metrics of one app, in a registry of its own (prom-client),
 * built only when METRICS_ENABLED is on. Their names are the ones deploy/grafana/filamenta.json
 * charts: requests by method, route template and status; requests refused for capacity or limits;
 * database pool and query durations; prom-client's process and Node.js defaults (event-loop delay
 * among them).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { operationOf } from '../db/observe.ts';
import type { Orm } from '../db/orm.ts';

/**
 * Given the app's registry when the metrics are built, where a scrape's text comes from: a cluster
 * worker's sums every worker's (adapters/metrics-cluster.js).
 */
export type MetricsTextSource = (registry: Registry) => () => Promise<string>;

export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of `text()`: Prometheus' text format 0.0.4. */
  readonly contentType: string;
  /** Records one answered request; `route` is a template (or a fixed label), never a raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** The text a scrape gets: this process's metrics, or those of every worker summed. */
  text(): Promise<string>;
}

/**
 * prom-client's defaults that `promtool check metrics` refuses: gauges named like counters. The
 * per-type gauges beside them (`nodejs_active_handles{type}`, ...) stay, and sum to the same total.
 */
const NOT_PROMETHEUS_NAMES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Answers that refuse the work rather than fail it, by the reason the rejection counter gives. */
const REJECTIONS: Readonly<Record<number, string>> = { 413: 'body_too_large', 429: 'rate_limited', 503: 'unavailable' };

/** Methods outside this set are counted as `other`, so a client cannot grow the label set. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The metrics of an app on `orm`; the ORM's queries are timed from now on. */
export function createMetrics(orm: Pick<Orm, 'poolStats' | 'observeQueries'>, textSource?: MetricsTextSource): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of NOT_PROMETHEUS_NAMES) registry.removeSingleMetric(name);

  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request reaching the app to its answer, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'http_requests_rejected_total',
    help: 'Requests refused without doing their work: body_too_large (413), rate_limited (429), unavailable (503)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const queries = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query time, by statement (select, insert, update, delete, other)',
    labelNames: ['operation'] as const,
    buckets: QUERY_BUCKETS,
    registers: [registry],
  });
  // Read from the driver's pool at each scrape; SQLite has no pool, so no samples.
  const pool = (name: string, help: string, read: (stats: NonNullable<ReturnType<Orm['poolStats']>>) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        const stats = orm.poolStats();
        if (stats) this.set({ pool: 'primary' }, read(stats));
      },
    });
  pool('db_pool_connections_in_use', 'Pooled database connections running a query or a transaction', (s) => s.total - s.idle);
  pool('db_pool_connections_idle', 'Open pooled database connections waiting for work', (s) => s.idle);
  pool('db_pool_requests_waiting', 'Queries waiting for a pooled connection', (s) => s.waiting);

  orm.observeQueries(async (sql, run) => {
    const end = queries.startTimer({ operation: operationOf(sql) });
    try {
      return await run();
    } finally {
      end();
    }
  });

  const text = textSource ? textSource(registry) : () => registry.metrics();
  return {
    registry,
    contentType: registry.contentType,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method: METHODS.has(method) ? method : 'other', route, status_code: String(status) }, seconds);
      const reason = REJECTIONS[status];
      if (reason) rejected.inc({ reason });
    },
    text,
  };
}
