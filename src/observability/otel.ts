/**
 * The OpenTelemetry side of `tracing.ts`, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set: the
 * official trace SDK with a batching OTLP/HTTP (protobuf) exporter, W3C trace context, and spans
 * made around the app's own request handling and queries. The SDK's auto-instrumentations patch
 * modules as they load, which needs a loader hook under ESM and would miss SQLite (better-sqlite3,
 * node:sqlite) and the bundles; the app knows its route templates and its queries, so it makes its
 * spans itself. The exporter still reads OTEL_EXPORTER_OTLP_HEADERS, _COMPRESSION and _TIMEOUT.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type TextMapGetter, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

import type { Config } from '../config.ts';
import { operationOf } from '../db/observe.ts';
import { UNMATCHED_ROUTE } from '../http/observe.ts';
import type { Tracing } from './tracing.ts';

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** OpenTelemetry's `db.system.name` values. */
const DB_SYSTEMS = { sqlite: 'sqlite', postgresql: 'postgresql', mysql: 'mysql', mariadb: 'mariadb' } as const;

export function createTracing(config: Pick<Config, 'tracing' | 'db'>, version: string): Tracing {
  const { endpoint, serviceName } = config.tracing!;
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': serviceName, 'service.version': version })),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }) })],
  });
  // Process-wide, as the active context has to be; a second app in the same process keeps the first's.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracer = provider.getTracer('filamenta', version);
  const db = {
    'db.system.name': DB_SYSTEMS[config.db.type],
    'db.namespace': config.db.type === 'sqlite' ? config.db.path : config.db.name,
  };

  return {
    async request(c, next, route) {
      const method = c.req.method;
      // A caller's traceparent makes this span a child of its own.
      const parent = propagation.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter);
      const span = tracer.startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': c.req.path } },
        parent,
      );
      try {
        await context.with(trace.setSpan(parent, span), next);
      } finally {
        const template = route();
        const status = c.res.status;
        if (template !== UNMATCHED_ROUTE) {
          span.updateName(`${method} ${template}`);
          span.setAttribute('http.route', template);
        }
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    },
    query(sql, run) {
      // Queries outside a traced request (migrations at start-up) would each be a trace of their own.
      if (!trace.getSpan(context.active())) return run();
      const operation = operationOf(sql);
      const attributes = { ...db, 'db.operation.name': operation, 'db.query.text': sql };
      return tracer.startActiveSpan(`${operation} ${db['db.namespace']}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        try {
          return await run();
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      });
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
