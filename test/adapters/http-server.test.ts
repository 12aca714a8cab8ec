/**
 * The HTTP edges of `node adapters/node.js`, on raw sockets: a body over BODY_LIMIT, a request
 * line or headers over 16 KB, HTTP/1.0 without Host (HAProxy's default health check) and OPTIONS.
 * Each gets a real answer, and a connection the server ends is ended with a FIN, never a reset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SECURITY_HEADERS } from '#src/http/security.ts';
import { httpRequest, killLeftovers, pollUntil, type RunningAdapter, startNodeAdapter } from '#test/support/process.ts';
import { RawConnection, rawRequest, type RawResponse } from '#test/support/raw-http.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let dir: string;
let adapter: RunningAdapter;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'filamenta-edges-'));
  adapter = await startNodeAdapter({ NODE_ENV: 'development', SECRET_KEY, DB_PATH: join(dir, 'app.sqlite'), BODY_LIMIT: '1mb' });
  await pollUntil(async () => ((await httpRequest(`${adapter.url}/health/ready`)).status === 200 ? true : undefined), {
    timeoutMs: 20_000,
    what: 'readiness',
  });
});
afterAll(async () => {
  await killLeftovers();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends `head` then `body` (written as one stream), and reads the answer and how the connection ended. */
async function exchange(head: string, body = '') {
  const connection = await RawConnection.open(adapter.port);
  const sent = connection.send(head + body).then(
    () => 'sent',
    (error: NodeJS.ErrnoException) => error.code,
  );
  const response = await connection.read();
  return { response, closed: await connection.closed, sent: await sent };
}

function expectSecurityHeaders(response: RawResponse) {
  for (const [name, value] of SECURITY_HEADERS) expect(response.headers[name.toLowerCase()], name).toBe(value);
}

describe('node adapters/node.js at the edges of HTTP', () => {
  it.each([
    ['Content-Length', { 'Content-Length': String(20 * 1024 * 1024) }, 'x'.repeat(20 * 1024 * 1024)],
    ['chunked', { 'Transfer-Encoding': 'chunked' }, `${(4 * 1024 * 1024).toString(16)}\r\n${'x'.repeat(4 * 1024 * 1024)}\r\n0\r\n\r\n`],
  ])('answers a body over BODY_LIMIT (%s) with 413 and Connection: close, reads the rest and ends cleanly', async (_, headers, body) => {
    const head = rawRequest('POST', '/api/v1/contact', { headers: { 'Content-Type': 'application/json', ...headers } });
    const { response, closed, sent } = await exchange(head, body);
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({ status: 413, detail: 'The request body is larger than 1048576 bytes' });
    // The whole body went out without a broken pipe, and the server closed with a FIN, not a reset.
    expect(sent).toBe('sent');
    expect(closed).toBe('end');
  });

  it.each([
    ['a request line', (big: string) => `GET /health?q=${big} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
    ['a header', (big: string) => `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\n\r\n`],
  ])('answers %s over 16 KB with a 431 problem carrying the security headers, and ends cleanly', async (_, request) => {
    const { response, closed } = await exchange(request('a'.repeat(17 * 1024)));
    expect(response.status).toBe(431);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers.connection).toBe('close');
    expect(response.headers['x-request-id']).toMatch(UUID);
    expectSecurityHeaders(response);
    expect(JSON.parse(response.body)).toEqual({
      type: 'about:blank',
      title: 'Request Header Fields Too Large',
      status: 431,
      detail: 'The request line and headers are larger than 16384 bytes',
      requestId: response.headers['x-request-id'],
    });
    expect(closed).toBe('end');
  });

  it('answers a request line just under 16 KB as usual', async () => {
    const { response } = await exchange(`GET /health?q=${'a'.repeat(15 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(response.status).toBe(200);
  });

  it("answers HAProxy's default health check (OPTIONS / HTTP/1.0, no Host) with 204 and Allow", async () => {
    const { response, closed } = await exchange('OPTIONS / HTTP/1.0\r\n\r\n');
    expect(response.status).toBe(204);
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    expectSecurityHeaders(response);
    expect(closed).toBe('end');
  });

  it('answers GET /health HTTP/1.0 without Host', async () => {
    const { response } = await exchange('GET /health HTTP/1.0\r\n\r\n');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'ok' });
    expectSecurityHeaders(response);
  });

  it('still refuses HTTP/1.1 without Host with 400, as the specification requires', async () => {
    const { response } = await exchange('GET /health HTTP/1.1\r\n\r\n');
    expect(response.status).toBe(400);
  });

  it('answers OPTIONS on a known path with 204 and what it allows, and 404 on an unknown one', async () => {
    const known = await exchange(rawRequest('OPTIONS', '/api/v1/content', { connection: 'close' }));
    expect(known.response.status).toBe(204);
    expect(known.response.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    const unknown = await exchange(rawRequest('OPTIONS', '/api/v1/nothing', { connection: 'close' }));
    expect(unknown.response.status).toBe(404);
    expect(unknown.response.headers['content-type']).toBe('application/problem+json');
  });

  it('keeps answering other methods on a known path with 405 and Allow, as before', async () => {
    const { response } = await exchange(rawRequest('DELETE', '/health', { connection: 'close' }));
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});
