/**
 * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set: `loadTelemetry` loads the OpenTelemetry SDK
 * (`otel.ts`) by dynamic import, so a process without the variable never loads a module of it.
 * The app sees only this interface. Metrics are loaded the same way: prom-client itself requires
 * @opentelemetry/api (the no-op API, for exemplars), so with METRICS_ENABLED that one package loads.
 */
import type { Context, Next } from 'hono';

import type { Config } from '../config.ts';
import type { QueryObserver } from '../db/observe.ts';
import type { AppEnv } from '../http/types.ts';
import type { createMetrics } from './metrics.ts';

export interface Tracing {
  /** Runs the rest of the request as the active server span; `route` is read once it has run. */
  request(c: Context<AppEnv>, next: Next, route: () => string): Promise<void>;
  /** A client span around each query, the child of the request's span. */
  query: QueryObserver;
  /** Exports the spans buffered so far and goes on (a Lambda invocation's end). */
  flush(): Promise<void>;
  /** Exports the spans still buffered, then stops (the shutdown's drain calls it). */
  shutdown(): Promise<void>;
}

/**
 * What the configuration turns on, each loaded only then: prom-client with the metrics module, the
 * OpenTelemetry SDK with the tracer (whose query spans name `config.db`). Neither is read otherwise.
 */
export async function loadTelemetry(
  config: Pick<Config, 'tracing' | 'db' | 'metrics'>,
  version: string,
): Promise<{ tracing?: Tracing; createMetrics?: typeof createMetrics }> {
  const [tracing, createMetrics] = await Promise.all([
    config.tracing ? import('./otel.ts').then(({ createTracing }) => createTracing(config, version)) : undefined,
    config.metrics.enabled ? import('./metrics.ts').then((m) => m.createMetrics) : undefined,
  ]);
  return { tracing, createMetrics };
}
