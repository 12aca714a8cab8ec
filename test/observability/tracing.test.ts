/**
 * Traces with OTEL_EXPORTER_OTLP_ENDPOINT, against the OTLP/HTTP receiver (test/support/otlp.ts):
 * a request is a server span named by its route template, each of its queries a client span
 * beneath it, a caller's traceparent is followed, the last spans leave during the shutdown drain,
 * and a process without the variable loads no OpenTelemetry module at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '#src/config.ts';
import { createLogger } from '#src/logger.ts';
import { APP_VERSION } from '#src/modules/system/system.routes.ts';
import { createRuntime } from '#src/runtime.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb, testEnv } from '#test/support/databases.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { startOtlpReceiver, type TestOtlpReceiver } from '#test/support/otlp.ts';
import { httpRequest, killLeftovers, startNodeAdapter } from '#test/support/process.ts';

/** One millisecond in the nanoseconds OTLP carries. */
const MS_NANO = 1_000_000n;

const SERVER = 2;
const CLIENT = 3;
let receiver: TestOtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await killLeftovers();
  await receiver?.close();
});
beforeEach(() => {
  receiver.spans.length = 0;
  receiver.requests.length = 0;
});

describeEachDatabase(
  'traces of requests and queries',
  (type) => {
    let db: ProvisionedDb;
    let runtime: Awaited<ReturnType<typeof createRuntime>>;

    beforeAll(async () => {
      db = await provisionDatabase(type);
      const config = loadConfig(testEnv({ ...db.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: `filamenta-${type}` }));
      runtime = await createRuntime(config, { logger: createLogger({ logLevel: 'silent' }) });
      await runtime.whenDatabaseReady({ migrate: true });
    });
    afterAll(async () => {
      await runtime?.settle();
      await runtime?.orm.close();
      await db?.drop();
    });

    it('makes a server span named by the route template, with a child span for each of its queries', async () => {
      expect((await runtime.app.request('/api/v1/content/a-missing-slug')).status).toBe(404);
      expect((await runtime.app.request('/api/v1/content?perPage=5')).status).toBe(200);
      // The batch is exported now rather than after its delay.
      await runtime.services.tracing!.flush();

      const [item] = await receiver.waitForSpans((s) => s.name === 'GET /api/v1/content/{id}');
      expect(item).toMatchObject({
        kind: SERVER,
        parentSpanId: undefined,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/api/v1/content/{id}',
          'http.response.status_code': 404,
          'url.path': '/api/v1/content/a-missing-slug',
        },
        status: { code: 0 },
        resource: { 'service.name': `filamenta-${type}`, 'service.version': APP_VERSION, 'telemetry.sdk.language': 'nodejs' },
        scope: { name: 'filamenta', version: APP_VERSION },
      });
      const children = receiver.spans.filter((s) => s.parentSpanId === item.spanId);
      expect(children.length).toBeGreaterThanOrEqual(1);
      for (const query of children) {
        expect(query).toMatchObject({
          traceId: item.traceId,
          kind: CLIENT,
          attributes: { 'db.system.name': type, 'db.operation.name': 'select', 'db.query.text': expect.stringMatching(/^select /i) },
        });
        // Placeholders, never the value the request carried.
        expect(query.attributes['db.query.text']).not.toContain('a-missing-slug');
        // Within the request's span, to the millisecond: the SDK anchors each span's clock at its
        // start with Date.now() (whole milliseconds) plus performance.now(), so two spans' times may
        // disagree by up to 1 ms (a query ending 27 us "after" its request was seen once).
        expect(query.startTimeUnixNano).toBeGreaterThanOrEqual(item.startTimeUnixNano - MS_NANO);
        expect(query.endTimeUnixNano).toBeLessThanOrEqual(item.endTimeUnixNano + MS_NANO);
      }

      const [list] = await receiver.waitForSpans((s) => s.name === 'GET /api/v1/content');
      expect(list.attributes).toMatchObject({ 'http.route': '/api/v1/content', 'http.response.status_code': 200 });
      expect(receiver.spans.filter((s) => s.parentSpanId === list.spanId && s.kind === CLIENT).length).toBeGreaterThanOrEqual(2);
    });

    it("continues a caller's trace (W3C traceparent) and names a request no route matched by its method only", async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const parentId = '00f067aa0ba902b7';
      await runtime.app.request('/api/v1/content/x', { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
      await runtime.app.request('/no/such/thing');
      await runtime.services.tracing!.flush();
      const [continued] = await receiver.waitForSpans((s) => s.name === 'GET /api/v1/content/{id}');
      expect(continued).toMatchObject({ traceId, parentSpanId: parentId });
      const [unmatched] = await receiver.waitForSpans((s) => s.kind === SERVER && s.attributes['url.path'] === '/no/such/thing');
      expect(unmatched.name).toBe('GET');
      expect(unmatched.attributes['http.route']).toBeUndefined();
      expect(unmatched.attributes['http.response.status_code']).toBe(404);
    });
  },
  ['sqlite', 'postgresql'],
);

describe('the shutdown drain', () => {
  it('exports the spans still buffered before the process exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-tracing-'));
    try {
      const server = await startNodeAdapter({
        NODE_ENV: 'test',
        SECRET_KEY: 'test-secret-key-0123456789abcdefghijklmnop',
        DB_PATH: join(dir, 'app.sqlite'),
        MIGRATE_ON_START: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      });
      expect((await httpRequest(`${server.url}/api/v1/content`)).status).toBe(200);
      // Well inside the batch's 5 s delay: only the drain can have sent it.
      expect(receiver.spans).toEqual([]);
      server.signal('SIGTERM');
      expect(await server.waitForExit(15_000)).toMatchObject({ code: 0 });
      expect(receiver.spans.map((s) => s.name)).toContain('GET /api/v1/content');
      expect(receiver.spans.find((s) => s.name === 'GET /api/v1/content')?.resource).toMatchObject({ 'service.name': 'filamenta' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A child that records the OpenTelemetry and prom-client modules it resolves, builds the runtime and serves two requests. */
const PROBE = `
  import { registerHooks } from 'node:module';
  const loaded = [];
  registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      if (/@opentelemetry|prom-client/.test(result.url)) loaded.push(result.url);
      return result;
    },
  });
  const { configFromEnvironment, createRuntime } = await import('./src/runtime.ts');
  const runtime = await createRuntime(configFromEnvironment(process.env));
  await runtime.whenDatabaseReady({ migrate: true });
  await runtime.app.request('/health');
  await runtime.app.request('/api/v1/content');
  await runtime.orm.close();
  console.log(JSON.stringify(loaded));
  process.exit(0);`;

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const lastLine = (stdout: string) => stdout.trim().split('\n').at(-1) ?? '';
  const probe = async (env: Record<string, string>) => {
    const result = await runNode(['--input-type=module', '-e', PROBE], { DB_PATH: ':memory:', ...env });
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(lastLine(result.stdout)) as string[]).map((url) => /@opentelemetry\/[\w-]+|prom-client/.exec(url)?.[0]);
  };

  it('no @opentelemetry module (nor prom-client without METRICS_ENABLED) is loaded; with it, the SDK is', async () => {
    expect(await probe({})).toEqual([]);
    // prom-client requires the OpenTelemetry API (a no-op without an SDK) for its exemplars: that one only.
    expect(new Set(await probe({ METRICS_ENABLED: 'true' }))).toEqual(new Set(['prom-client', '@opentelemetry/api']));
    const traced = new Set(await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }));
    for (const name of ['@opentelemetry/sdk-trace', '@opentelemetry/exporter-trace-otlp-proto', '@opentelemetry/context-async-hooks'])
      expect(traced).toContain(name);
  });
});
