/**
 * An unexpected error is a 500 problem without details for the client and a stack in the log, but
 * a flood of the same failure writes one stack (then a count), not one per request.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '#src/app.ts';
import { createFailures } from '#src/http/failures.ts';
import { requestContext } from '#src/http/request-id.ts';
import type { AppEnv } from '#src/http/types.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { capturedLogger } from '#test/support/log-sink.ts';
import { pollUntil } from '#test/support/process.ts';

let db: ProvisionedDb;
let t: TestApp;
beforeAll(async () => {
  db = await provisionDatabase('sqlite');
  t = await buildTestApp(db.env, { seed: false });
});
afterAll(async () => {
  await t?.close();
  await db?.drop();
});

const failFirst = (n: number) => {
  throw new Error(`first kind of failure, request ${n}`);
};
const failSecond = (n: number) => {
  throw new TypeError(`second kind of failure, request ${n}`);
};

describe('unexpected errors', () => {
  it('a flood of the same failure answers 500 problems without details and logs one stack per kind', async () => {
    const { lines, logger } = capturedLogger();
    const app = createApp({ ...t, logger });
    let n = 0;
    app.get('/api/v1/__first', () => failFirst(n++));
    app.get('/api/v1/__second', () => failSecond(n++));

    const answers = await Promise.all([
      ...Array.from({ length: 30 }, () => app.request('/api/v1/__first')),
      ...Array.from({ length: 10 }, () => app.request('/api/v1/__second')),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(500);
      const body = await json(res);
      expect(body).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the request id when reporting it.',
        instance: expect.stringMatching(/^\/api\/v1\/__(first|second)$/),
        requestId: res.headers.get('x-request-id'),
      });
      expect(JSON.stringify(body)).not.toMatch(/kind of failure|at /);
    }
    const stacks = lines.filter((l) => l.msg === 'unhandled error');
    expect(stacks).toHaveLength(2);
    const messages = stacks.map((l) => (l.err as { message: string; stack: string }).message).sort();
    expect(messages).toEqual([expect.stringMatching(/^first kind of failure/), expect.stringMatching(/^second kind of failure/)]);
    for (const line of stacks) expect((line.err as { stack: string }).stack).toMatch(/\n\s+at failFirst|\n\s+at failSecond/);
    // Every request still has its access line with its id.
    expect(lines.filter((l) => l.msg === 'request failed' && l.status === 500)).toHaveLength(40);
  });

  it('counts the repeats of a window in one line when it closes, and logs the stack again after it', async () => {
    const { lines, logger } = capturedLogger();
    const failures = createFailures({ orm: t.orm, logger, repeatWindowMs: 300 });
    const app = new Hono<AppEnv>();
    const client = () => ({ ip: '127.0.0.1', secure: false, viaTrustedProxy: false, prefix: '' });
    app.use(requestContext(logger, { hsts: { maxAge: 0, includeSubDomains: false, preload: false } }, { client }));
    app.get('/boom', () => failFirst(0));
    app.onError((error, c) => failures.answer(error, c));

    for (let i = 0; i < 10; i++) expect((await app.request('/boom')).status).toBe(500);
    expect(lines.filter((l) => l.msg === 'unhandled error')).toHaveLength(1);
    const repeated = await pollUntil(() => lines.find((l) => l.msg === 'unhandled error repeated'), {
      timeoutMs: 5000,
      what: 'the count of repeats',
    });
    expect(repeated).toMatchObject({ level: 'error', repeats: 9, windowMs: 300, signature: expect.stringContaining('Error') });

    expect((await app.request('/boom')).status).toBe(500);
    expect(lines.filter((l) => l.msg === 'unhandled error')).toHaveLength(2);
  });
});
