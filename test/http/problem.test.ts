import { Writable } from 'node:stream';

import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';

import { type EnvSource } from '#src/config.ts';
import { ProblemError } from '#src/http/problem.ts';
import { createLogger, type Logger } from '#src/logger.ts';
import { useTestApp } from '#test/support/app.ts';
import { json } from '#test/support/http.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PROXY = '127.0.0.1';
const STRANGER = '203.0.113.9';

const t = useTestApp('sqlite', { seed: false });
const appWith = (env?: EnvSource, peer?: string, logger?: Logger) => t.appWith(env, peer, logger);

describe('request id', () => {
  const behindProxy = () => appWith({ TRUST_PROXY: 'loopback' }, PROXY);

  it("binds the request id to the route's logger, and logs one request line with it", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = appWith({}, undefined, createLogger({ logLevel: 'info' }, sink));
    app.get('/api/__log', (c) => {
      c.get('log').info({ step: 'inside' }, 'route log');
      return c.json({ ok: true });
    });
    const res = await app.request('/api/__log');
    const requestId = res.headers.get('X-Request-Id');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.msg === 'route log')).toMatchObject({ requestId, step: 'inside', level: 'info' });
    expect(logged.filter((l) => l.msg === 'request')).toEqual([
      expect.objectContaining({ requestId, method: 'GET', path: '/api/__log', status: 200, durationMs: expect.any(Number) }),
    ]);
  });

  it('generates a UUID and echoes it when the request brings none', async () => {
    const res = await appWith().request('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Request-Id')).toMatch(UUID);
  });

  it('gives every request its own id', async () => {
    const app = appWith();
    const [a, b] = await Promise.all([app.request('/health'), app.request('/health')]);
    expect(a.headers.get('X-Request-Id')).not.toBe(b.headers.get('X-Request-Id'));
  });

  it('keeps a well-formed X-Request-Id from a trusted proxy', async () => {
    const res = await behindProxy().request('/health', { headers: { 'X-Request-Id': 'nginx-7f3a.b:1@edge' } });
    expect(res.headers.get('X-Request-Id')).toBe('nginx-7f3a.b:1@edge');
  });

  it('replaces an X-Request-Id sent by an untrusted peer', async () => {
    const app = appWith({ TRUST_PROXY: 'loopback' }, STRANGER);
    const res = await app.request('/health', { headers: { 'X-Request-Id': 'chosen-by-the-client' } });
    expect(res.headers.get('X-Request-Id')).toMatch(UUID);
  });

  it.each([
    ['spaces', 'two words'],
    ['markup', '<script>'],
    ['129 characters', 'a'.repeat(129)],
    ['a slash', 'a/b'],
  ])('replaces a malformed X-Request-Id from a trusted proxy (%s)', async (_, incoming) => {
    const res = await behindProxy().request('/health', { headers: { 'X-Request-Id': incoming } });
    expect(res.headers.get('X-Request-Id')).toMatch(UUID);
  });

  it('accepts an id of exactly 128 characters', async () => {
    const id = 'a'.repeat(128);
    const res = await behindProxy().request('/health', { headers: { 'X-Request-Id': id } });
    expect(res.headers.get('X-Request-Id')).toBe(id);
  });

  it('puts the same id in a problem body as in the header', async () => {
    const res = await behindProxy().request('/nope', { headers: { 'X-Request-Id': 'trace-123' } });
    expect(res.headers.get('X-Request-Id')).toBe('trace-123');
    expect((await json(res)).requestId).toBe('trace-123');
  });
});

describe('problem responses', () => {
  it('GET /nope answers 404 application/problem+json naming the route', async () => {
    const res = await appWith().request('/nope?x=1');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await json(res)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route for GET /nope',
      instance: '/nope',
      requestId: res.headers.get('X-Request-Id'),
    });
  });

  it('POST /health answers 405 with Allow: GET, HEAD', async () => {
    const res = await appWith().request('/health', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await json(res)).toEqual({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      instance: '/health',
      requestId: res.headers.get('X-Request-Id'),
    });
  });

  it('DELETE /api/v1/version answers 405 with Allow: GET, HEAD', async () => {
    const res = await appWith().request('/api/v1/version', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
  });

  it('a thrown error answers a generic 500 without its message or stack, and is logged with the request id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = appWith({}, undefined, createLogger({ logLevel: 'error' }, sink));
    app.get('/api/__boom', () => {
      throw new Error('connect ECONNREFUSED db.internal:5432 password=hunter2');
    });
    const res = await app.request('/api/__boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|ECONNREFUSED|at .*\.ts/);
    const requestId = res.headers.get('X-Request-Id');
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      instance: '/api/__boom',
      requestId,
    });
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
    expect(logged).toMatchObject({ requestId, err: { message: 'connect ECONNREFUSED db.internal:5432 password=hunter2' } });
  });

  it('a thrown ProblemError answers with its own status, detail, extension members and headers', async () => {
    const app = appWith();
    app.post('/api/__conflict', () => {
      throw new ProblemError({ status: 409, detail: 'That slug is taken', extra: { field: 'slug' }, headers: { 'Retry-After': '5' } });
    });
    const res = await app.request('/api/__conflict', { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(await json(res)).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'That slug is taken',
      instance: '/api/__conflict',
      requestId: res.headers.get('X-Request-Id'),
      field: 'slug',
    });
  });

  it("a thrown 4xx HTTPException answers with its status, message and its response's headers", async () => {
    const app = appWith();
    app.get('/api/__auth', () => {
      const res = new Response('Unauthorized', { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } });
      throw new HTTPException(401, { message: 'Token expired', res });
    });
    const res = await app.request('/api/__auth');
    expect(res.status).toBe(401);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="api"');
    expect(await json(res)).toMatchObject({ title: 'Unauthorized', status: 401, detail: 'Token expired' });
  });

  it('a thrown 5xx HTTPException keeps its status but not its message', async () => {
    const app = appWith();
    app.get('/api/__slow', () => {
      throw new HTTPException(504, { message: 'upstream db.internal timed out' });
    });
    const res = await app.request('/api/__slow');
    expect(res.status).toBe(504);
    const body = await json(res);
    expect(body).toMatchObject({ status: 504, title: 'Gateway Timeout', instance: '/api/__slow' });
    expect(JSON.stringify(body)).not.toContain('db.internal');
  });
});

describe('body limit', () => {
  const OVER = 'x'.repeat(1025);
  const limited = () => {
    const app = appWith({ BODY_LIMIT: '1kb' });
    app.post('/api/__echo', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
    return app;
  };
  const stream = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 300) controller.enqueue(bytes.subarray(i, i + 300));
        controller.close();
      },
    });
  const expect413 = async (res: Response) => {
    expect(res.status).toBe(413);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await json(res)).toEqual({
      type: 'about:blank',
      title: 'Content Too Large',
      status: 413,
      detail: 'The request body is larger than 1024 bytes',
      instance: '/api/__echo',
      requestId: res.headers.get('X-Request-Id'),
    });
  };

  it('answers 413 when Content-Length is over BODY_LIMIT', async () => {
    await expect413(await limited().request('/api/__echo', { method: 'POST', body: OVER, headers: { 'Content-Length': '1025' } }));
  });

  it('answers 413 when a body without Content-Length streams past BODY_LIMIT', async () => {
    const init = { method: 'POST', body: stream(OVER), duplex: 'half' } as RequestInit;
    expect(new Request('http://localhost/', init).headers.has('content-length')).toBe(false);
    await expect413(await limited().request('/api/__echo', init));
  });

  it('lets a streamed body of exactly BODY_LIMIT through to the route intact', async () => {
    const init = { method: 'POST', body: stream('y'.repeat(1024)), duplex: 'half' } as RequestInit;
    const res = await limited().request('/api/__echo', init);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ bytes: 1024 });
  });
});
