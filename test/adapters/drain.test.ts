/**
 * The graceful stop of `node adapters/node.js` under load, on real sockets: every request sent
 * before SIGTERM is answered (on fresh connections the server may not even have read yet, and on
 * keep-alive ones), each answer says `Connection: close` and the socket ends cleanly, and the
 * database pool stays open until the last queued login (scrypt) has finished.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { ADAPTER_PASSWORD, ADAPTER_SETUP_TOKEN, adminToken } from '#test/support/adapter-session.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { httpRequest, killLeftovers, pollUntil, type RunningAdapter, startNodeAdapter } from '#test/support/process.ts';
import { RawConnection, rawRequest } from '#test/support/raw-http.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const FRESH = 12;
const KEEP_ALIVE = 4;

afterEach(killLeftovers);

async function ready(adapter: RunningAdapter) {
  await pollUntil(async () => ((await httpRequest(`${adapter.url}/health/ready`)).status === 200 ? true : undefined), {
    timeoutMs: 20_000,
    what: 'readiness',
    stopIf: () => (adapter.exited ? adapter.describe() : undefined),
  });
}

describeEachDatabase('node adapters/node.js stopping under a login load', (type) => {
  let db: ProvisionedDb;
  beforeAll(async () => {
    db = await provisionDatabase(type);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('answers every login sent before SIGTERM, on fresh and keep-alive connections, with Connection: close, then exits 0', async () => {
    const adapter = await startNodeAdapter({
      NODE_ENV: 'test',
      SECRET_KEY,
      MIGRATE_ON_START: 'true',
      SETUP_TOKEN: ADAPTER_SETUP_TOKEN,
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      // The logins take seconds on a loaded machine: the deadline is not what this test is about.
      SHUTDOWN_TIMEOUT_MS: '60000',
      ...db.env,
    });
    await ready(adapter);
    await adminToken(adapter.url);

    // Keep-alive connections that have served a request and sit idle, as a proxy's pool does.
    const keepAlive = await Promise.all(
      Array.from({ length: KEEP_ALIVE }, async () => {
        const connection = await RawConnection.open(adapter.port);
        await connection.send(rawRequest('GET', '/health'));
        const first = await connection.read();
        expect(first.status).toBe(200);
        expect(first.headers.connection).toBe('keep-alive');
        return connection;
      }),
    );
    const fresh = await Promise.all(Array.from({ length: FRESH }, () => RawConnection.open(adapter.port)));
    const all = [...fresh, ...keepAlive];

    // Every login is in the server's kernel buffers before the signal; most are not read yet.
    const login = rawRequest('POST', '/api/v1/auth/login', { body: { login: 'ada', password: ADAPTER_PASSWORD } });
    await Promise.all(all.map((connection) => connection.send(login)));
    adapter.signal('SIGTERM');

    const answers = await Promise.all(all.map((connection) => connection.read())).catch((error: Error) => {
      throw new Error(`${error.message}\n${adapter.describe()}`);
    });
    for (const answer of answers) {
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ accessToken: expect.any(String), user: { username: 'ada' } });
      expect(answer.headers.connection).toBe('close');
    }
    expect(await Promise.all(all.map((connection) => connection.closed))).toEqual(all.map(() => 'end'));

    expect(await adapter.waitForExit(60_000)).toEqual({ code: 0, signal: null });
    expect(adapter.logs.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
    // Each login once, plus the one that signed in before.
    expect(adapter.logs.filter((line) => line.msg === 'request' && line.path === '/api/v1/auth/login')).toHaveLength(
      FRESH + KEEP_ALIVE + 1,
    );
    expect(adapter.logs.filter((line) => line.msg === 'shutdown complete')).toEqual([expect.objectContaining({ forced: false })]);
    expect(adapter.stderr).toBe('');
  }, 120_000);
});
