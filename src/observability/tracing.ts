/**
 * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set: `startTracing` loads the OpenTelemetry SDK
 * (`otel.ts`) by dynamic import, so a process without the variable never loads a module of it.
 * The app sees only this interface.
 */
import type { Context, Next } from 'hono';
import type { Config } from '../config.ts';
import type { QueryObserver } from '../db/observe.ts';
import type { AppEnv } from '../http/types.ts';

export interface Tracing {
  /** Runs the rest of the request as the active server span; `route` is read once it has run. */
  request(c: Context<AppEnv>, next: Next, route: () => string): Promise<void>;
  /** A client span around each query, the child of the request's span. */
  query: QueryObserver;
  /** Exports the spans still buffered, then stops (the shutdown's drain calls it). */
  shutdown(): Promise<void>;
}

/** The tracer for `config.tracing`, its SDK loaded now; its query spans name `config.db`. */
export async function startTracing(config: Pick<Config, 'tracing' | 'db'>, version: string): Promise<Tracing> {
  const { createTracing } = await import('./otel.ts');
  return createTracing(config, version);
}
