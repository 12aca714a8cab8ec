/**
 * An OTLP/HTTP trace receiver in the test process, standing in for an OpenTelemetry Collector:
 * POST /v1/traces in either encoding the exporters use (application/x-protobuf, decoded with
 * protobufjs against the fields of opentelemetry-proto's trace messages that tests look at, or
 * application/json), gzip or not. Every span is kept flattened with its resource and scope, ids
 * as lowercase hex, attributes as plain values, so tests assert on names, attributes and
 * parent/child links.
 *
 *   const receiver = await startOtlpReceiver();
 *   // OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url in the app's environment
 *   const [span] = await receiver.waitForSpans((s) => s.name === 'GET /api/v1/content');
 *   await receiver.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

import protobuf from 'protobufjs';

import { pollUntil } from './process.ts';

type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue } | null;

interface ReceivedSpan {
  name: string;
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  /** undefined for a root span. */
  parentSpanId: string | undefined;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  resource: Record<string, AttributeValue>;
  scope: { name: string; version: string };
}

interface ReceivedRequest {
  encoding: 'json' | 'protobuf';
  gzip: boolean;
  headers: IncomingHttpHeaders;
  spans: number;
}

export interface TestOtlpReceiver {
  /** http://127.0.0.1:<port>: the value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  /** `${url}/v1/traces`: the value for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or an exporter's `url`. */
  tracesUrl: string;
  spans: ReceivedSpan[];
  requests: ReceivedRequest[];
  /** While set, every export is answered with this status (a collector in trouble) and dropped. */
  failWith: number | undefined;
  /** Resolves with the spans `match` accepts once there are at least `count` of them. */
  waitForSpans(match: (span: ReceivedSpan) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

// The fields of opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest that the
// receiver reads, with their numbers from opentelemetry-proto (trace.proto, common.proto,
// resource.proto). Fields not listed are skipped by the decoder, as protobuf allows.
const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const field = (type: string, id: number) => ({ type, id });
const ExportTraceServiceRequest = protobuf.Root.fromJSON({
  nested: {
    ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
    ResourceSpans: { fields: { resource: field('Resource', 1), scopeSpans: repeated('ScopeSpans', 2) } },
    Resource: { fields: { attributes: repeated('KeyValue', 1) } },
    ScopeSpans: { fields: { scope: field('InstrumentationScope', 1), spans: repeated('Span', 2) } },
    InstrumentationScope: { fields: { name: field('string', 1), version: field('string', 2) } },
    Span: {
      fields: {
        traceId: field('bytes', 1),
        spanId: field('bytes', 2),
        parentSpanId: field('bytes', 4),
        name: field('string', 5),
        kind: field('int32', 6),
        startTimeUnixNano: field('fixed64', 7),
        endTimeUnixNano: field('fixed64', 8),
        attributes: repeated('KeyValue', 9),
        status: field('Status', 15),
      },
    },
    Status: { fields: { message: field('string', 2), code: field('int32', 3) } },
    KeyValue: { fields: { key: field('string', 1), value: field('AnyValue', 2) } },
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
      fields: {
        stringValue: field('string', 1),
        boolValue: field('bool', 2),
        intValue: field('int64', 3),
        doubleValue: field('double', 4),
        arrayValue: field('ArrayValue', 5),
        kvlistValue: field('KeyValueList', 6),
        bytesValue: field('bytes', 7),
      },
    },
    ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
    KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
  },
}).lookupType('ExportTraceServiceRequest');

/** The request as plain objects, the shape OTLP/JSON has (ids: hex in JSON, base64 from protobuf). */
interface Wire {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string; version?: string };
      spans?: {
        traceId?: string;
        spanId?: string;
        parentSpanId?: string;
        name?: string;
        kind?: number;
        startTimeUnixNano?: string | number;
        endTimeUnixNano?: string | number;
        attributes?: WireKeyValue[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}
interface WireKeyValue {
  key: string;
  value?: WireAnyValue;
}
interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: string;
}

function anyValue(value: WireAnyValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue) return attributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

function attributes(list: WireKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, anyValue(value)]));
}

/** Flattens a request; `id` turns the wire form of an id into hex. */
function flatten(request: Wire, id: (wire: string | undefined) => string): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((span) => ({
        name: span.name ?? '',
        traceId: id(span.traceId),
        spanId: id(span.spanId),
        parentSpanId: id(span.parentSpanId) || undefined,
        kind: span.kind ?? 0,
        attributes: attributes(span.attributes),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
        endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
        resource: attributes(rs.resource?.attributes),
        scope: { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' },
      })),
    ),
  );
}

/** The spans of one POST body, or an Error saying why it is not an export request. */
function decodeTraces(body: Buffer, contentType: string): { encoding: ReceivedRequest['encoding']; spans: ReceivedSpan[] } {
  if (contentType === 'application/x-protobuf') {
    const message = ExportTraceServiceRequest.decode(body);
    const wire = ExportTraceServiceRequest.toObject(message, { longs: String, bytes: String }) as Wire;
    return { encoding: 'protobuf', spans: flatten(wire, (b64) => Buffer.from(b64 ?? '', 'base64').toString('hex')) };
  }
  if (contentType === 'application/json') {
    const wire = JSON.parse(body.toString('utf8')) as Wire;
    if (typeof wire !== 'object' || wire === null) throw new Error('the JSON body is not an object');
    return { encoding: 'json', spans: flatten(wire, (hex) => (hex ?? '').toLowerCase()) };
  }
  throw new Error(`unsupported content type ${contentType}`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

export async function startOtlpReceiver(): Promise<TestOtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const answer = (status: number, body: string | Buffer = '') =>
      res
        .writeHead(status, { 'content-type': contentType === 'application/json' ? 'application/json' : 'application/x-protobuf' })
        .end(body);
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      req.resume();
      return answer(404);
    }
    if (contentType !== 'application/json' && contentType !== 'application/x-protobuf') {
      req.resume();
      return answer(415);
    }
    readBody(req).then(
      (body) => {
        if (receiver.failWith !== undefined) return answer(receiver.failWith);
        let decoded;
        try {
          decoded = decodeTraces(body, contentType);
        } catch (error) {
          return answer(400, contentType === 'application/json' ? JSON.stringify({ message: String(error) }) : '');
        }
        spans.push(...decoded.spans);
        requests.push({
          encoding: decoded.encoding,
          gzip: req.headers['content-encoding'] === 'gzip',
          headers: req.headers,
          spans: decoded.spans.length,
        });
        // An empty ExportTraceServiceResponse: full success (zero bytes in protobuf).
        answer(200, contentType === 'application/json' ? '{}' : Buffer.alloc(0));
      },
      () => answer(400),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const receiver: TestOtlpReceiver = {
    url,
    tracesUrl: `${url}/v1/traces`,
    spans,
    requests,
    failWith: undefined,
    async waitForSpans(match, { count = 1, timeoutMs = 10_000 } = {}) {
      try {
        return await pollUntil(
          () => {
            const found = spans.filter(match);
            return found.length >= count ? found : undefined;
          },
          { timeoutMs, what: `${count} matching span(s)` },
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; received: ${spans.map((s) => s.name).join(', ') || 'nothing'}`, { cause: error });
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
