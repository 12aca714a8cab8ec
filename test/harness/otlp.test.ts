/**
 * The OTLP/HTTP receiver (test/support/otlp.ts) takes what the official OpenTelemetry exporters
 * send: spans from the trace SDK through the JSON and the protobuf exporter, and spans from the
 * Node SDK configured only by OTEL_* variables (as the app will be), gzip-compressed; it refuses
 * what is not an export request.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runNode } from '../support/child.ts';
import { startOtlpReceiver, type TestOtlpReceiver } from '../support/otlp.ts';
import { httpRequest } from '../support/process.ts';

let receiver: TestOtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await receiver?.close();
});

beforeEach(() => {
  receiver.spans.length = 0;
  receiver.requests.length = 0;
  receiver.failWith = undefined;
});

const EXPORTERS = {
  json: (url: string) => new JsonExporter({ url }),
  protobuf: (url: string) => new ProtoExporter({ url }),
};

describe.each(['json', 'protobuf'] as const)('the %s exporter', (encoding) => {
  it('delivers a parent and a child span with their attributes, status and link', async () => {
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: EXPORTERS[encoding](receiver.tracesUrl) })],
    });
    const tracer = provider.getTracer('harness-test', '1.2.3');
    const parent = tracer.startSpan('GET /api/v1/content/:idOrSlug', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.route': '/api/v1/content/:idOrSlug', 'http.response.status_code': 200 },
    });
    const child = tracer.startSpan(
      'select filamenta.content',
      { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.rows': 3, cached: false, ratio: 0.25, tags: ['a', 'b'] } },
      trace.setSpan(context.active(), parent),
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock' });
    child.end();
    parent.end();
    await provider.shutdown();

    const [server] = await receiver.waitForSpans((s) => s.name === 'GET /api/v1/content/:idOrSlug');
    const [query] = await receiver.waitForSpans((s) => s.name === 'select filamenta.content');
    expect(server).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: parent.spanContext().spanId,
      parentSpanId: undefined,
      kind: 2,
      attributes: { 'http.request.method': 'GET', 'http.route': '/api/v1/content/:idOrSlug', 'http.response.status_code': 200 },
      scope: { name: 'harness-test', version: '1.2.3' },
      status: { code: 0, message: '' },
    });
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.resource).toMatchObject({ 'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.name': 'opentelemetry' });
    expect(server.endTimeUnixNano).toBeGreaterThanOrEqual(server.startTimeUnixNano);
    expect(query).toMatchObject({
      traceId: server.traceId,
      parentSpanId: server.spanId,
      kind: 3,
      attributes: { 'db.system': 'postgresql', 'db.rows': 3, cached: false, ratio: 0.25, tags: ['a', 'b'] },
      status: { code: 2, message: 'deadlock' },
    });
    expect(receiver.requests.map((r) => r.encoding)).toEqual([encoding, encoding]);
  });
});

describe('the OpenTelemetry Node SDK configured by OTEL_* variables only', () => {
  it('sends gzip-compressed protobuf to OTEL_EXPORTER_OTLP_ENDPOINT with the service name and headers', async () => {
    const script = `
      const { NodeSDK } = await import('@opentelemetry/sdk-node');
      const { trace } = await import('@opentelemetry/api');
      const sdk = new NodeSDK();
      sdk.start();
      const tracer = trace.getTracer('child-process');
      tracer.startActiveSpan('outer', (outer) => {
        tracer.startSpan('inner').end();
        outer.end();
      });
      await sdk.shutdown();`;
    const result = await runNode(['--input-type=module', '-e', script], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=abc123',
      OTEL_SERVICE_NAME: 'filamenta-harness',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
    expect(result.code, result.stderr).toBe(0);
    const [outer] = await receiver.waitForSpans((s) => s.name === 'outer');
    const [inner] = await receiver.waitForSpans((s) => s.name === 'inner');
    expect(inner.parentSpanId).toBe(outer.spanId);
    expect(inner.traceId).toBe(outer.traceId);
    expect(outer.resource).toMatchObject({ 'service.name': 'filamenta-harness' });
    expect(receiver.requests[0]).toMatchObject({ encoding: 'protobuf', gzip: true, headers: { 'x-collector-token': 'abc123' } });
  });
});

describe('what the receiver refuses', () => {
  it('answers 415 to another content type and 400 to a body that is not an export request', async () => {
    const wrongType = await httpRequest(receiver.tracesUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'spans' });
    expect(wrongType.status).toBe(415);
    const badJson = await httpRequest(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans":',
    });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ message: expect.stringMatching(/JSON/) });
    const badProto = await httpRequest(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: '\u000a\u00ff\u00ff\u00ff',
    });
    expect(badProto.status).toBe(400);
    const elsewhere = await httpRequest(`${receiver.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(elsewhere.status).toBe(404);
    expect(receiver.spans).toEqual([]);
  });

  it('with failWith set, answers that status and keeps nothing', async () => {
    receiver.failWith = 503;
    const res = await httpRequest(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
    });
    expect(res.status).toBe(503);
    expect(receiver.requests).toEqual([]);
  });
});
