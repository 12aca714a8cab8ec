import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { EXIT_CODES } from '#src/runtime.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import {
  connectionRefused,
  httpRequest,
  idleKeepAliveConnection,
  killLeftovers,
  type LogLine,
  pollUntil,
  type RunningAdapter,
  runNodeAdapter,
  slowRequest,
  startNodeAdapter,
  TcpForwarder,
} from '#test/support/process.ts';
import { startSmtp } from '#test/support/smtp.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const STACK_LINE = /^\s+at /m;

let tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-adapter-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(async () => {
  await killLeftovers();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs = [];
});

/** A SQLite file in a fresh folder, in development mode so that migrations run on start. */
const sqliteVars = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'development',
  SECRET_KEY,
  DB_PATH: join(tempDir(), 'app.sqlite'),
  ...extra,
});

/** /health/ready answers plain JSON (a status document, not a problem) whether ready or not. */
async function ready(adapter: RunningAdapter): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await httpRequest(`${adapter.url}/health/ready`);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return { status: res.status, body: JSON.parse(res.body) };
}

/** Polls /health/ready until it answers `status`, and returns that answer's body. */
async function readinessBecomes(adapter: RunningAdapter, status: number, timeoutMs = 15_000) {
  const answer = await pollUntil(
    async () => {
      const r = await ready(adapter);
      return r.status === status ? r : undefined;
    },
    {
      timeoutMs,
      intervalMs: 50,
      what: `/health/ready to answer ${status}`,
      stopIf: () => (adapter.exited ? `the adapter exited\n${adapter.describe()}` : undefined),
    },
  );
  return answer.body;
}

const logged = (proc: { logs: LogLine[] }, msg: string) => proc.logs.filter((line) => line.msg === msg);
const listening = (proc: { logs: LogLine[] }) => proc.logs.filter((line) => line.msg.startsWith('Filamenta listening on'));

describe('node adapters/node.js on SQLite', () => {
  it('serves health, readiness and version on a real port and logs each request as a JSON line', async () => {
    const vars = sqliteVars();
    const adapter = await startNodeAdapter(vars);
    expect(listening(adapter)).toEqual([expect.objectContaining({ msg: `Filamenta listening on ${adapter.url}` })]);

    const health = await httpRequest(`${adapter.url}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });

    const readiness = await readinessBecomes(adapter, 200);
    expect(readiness).toMatchObject({
      status: 'ready',
      database: { type: 'sqlite', driver: 'better-sqlite3', ok: true },
      migrations: { pending: 0, names: [] },
    });
    expect(existsSync(vars.DB_PATH)).toBe(true);
    expect(adapter.logs.filter((l) => /^running \d+ migration\(s\)$/.test(l.msg))).toHaveLength(1);

    const version = await httpRequest(`${adapter.url}/api/v1/version`);
    expect(version.status).toBe(200);
    expect(JSON.parse(version.body)).toMatchObject({ name: 'filamenta', database: { type: 'sqlite', driver: 'better-sqlite3' } });

    const requestId = version.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await adapter.waitForLog((l) => l.requestId === requestId, 5000, 'the request log line');
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/api/v1/version', status: 200, msg: 'request' });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(line.time as string)).not.toBeNaN();
    expect(adapter.strayOutput).toEqual([]);
    expect(adapter.stderr).toBe('');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s refuses new connections, finishes the in-flight request, then closes idle keep-alive sockets and exits 0',
    async (signal) => {
      const adapter = await startNodeAdapter(sqliteVars());
      const idle = await idleKeepAliveConnection(`${adapter.url}/health`);
      // /api/* reads a chunked body before answering (405 here), so this request lasts about 4 s: longer
      // than the listener stays open while connections (here the probes below) keep arriving.
      const inFlight = slowRequest(`${adapter.url}/api/v1/version`, { method: 'POST', chunks: 40, intervalMs: 100 });
      await sleep(200);

      adapter.signal(signal);
      await pollUntil(async () => ((await connectionRefused(adapter.port)) ? true : undefined), {
        timeoutMs: 5000,
        intervalMs: 20,
        what: 'new connections to be refused',
      });
      const refusedAt = performance.now();

      const res = await inFlight.response;
      expect(res.status).toBe(405);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers.connection).toBe('close');
      expect(res.endedAt).toBeGreaterThanOrEqual(await inFlight.bodyEnded);
      // The listener went first; the request in flight still got its answer. The idle socket stays
      // open until no request is left (a request the kernel still holds on it is not reset).
      expect(refusedAt).toBeLessThan(res.endedAt);
      expect(await idle.closed).toBeGreaterThanOrEqual(res.endedAt);

      expect(await adapter.waitForExit(10_000)).toEqual({ code: 0, signal: null });
      expect(logged(adapter, 'stop requested')).toEqual([expect.objectContaining({ signal })]);
      expect(logged(adapter, 'request')).toContainEqual(expect.objectContaining({ method: 'POST', status: 405 }));
      expect(logged(adapter, 'shutdown complete')).toEqual([expect.objectContaining({ forced: false })]);
      expect(adapter.stderr).toBe('');
      idle.close();
    },
  );

  it('on SIGTERM waits for a mail still being sent after its answer, then exits 0', async () => {
    const smtp = await startSmtp(undefined, { acceptDelayMs: 1500 });
    try {
      const adapter = await startNodeAdapter(sqliteVars({ SMTP_URL: smtp.url, CONTACT_TO: 'owner@example.com' }));
      await readinessBecomes(adapter, 200);
      const sent = await httpRequest(`${adapter.url}/api/v1/contact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', message: 'Sent just before a deploy' }),
      });
      expect(sent.status).toBe(202);
      adapter.signal('SIGTERM');
      // The answer went out before the mail server accepted the message; the process waits for it.
      expect(await adapter.waitForExit(10_000)).toEqual({ code: 0, signal: null });
      expect(smtp.messages.map((m) => m.to)).toEqual([['owner@example.com']]);
      expect(smtp.messages[0].text).toContain('Sent just before a deploy');
      expect(logged(adapter, 'shutdown complete')).toEqual([expect.objectContaining({ forced: false })]);
    } finally {
      await smtp.close();
    }
  });

  it('forces the remaining connections closed at SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const adapter = await startNodeAdapter(sqliteVars({ SHUTDOWN_TIMEOUT_MS: '300' }));
    const stuck = slowRequest(`${adapter.url}/api/v1/version`, { method: 'POST', chunks: 1, intervalMs: 0, end: false });
    await sleep(200);

    const signalledAt = performance.now();
    adapter.signal('SIGTERM');
    const exit = await adapter.waitForExit(10_000);
    const tookMs = performance.now() - signalledAt;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeGreaterThanOrEqual(300);
    expect(tookMs).toBeLessThan(3000);
    await expect(stuck.response).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(logged(adapter, 'shutdown timeout reached: closing remaining connections')).toHaveLength(1);
    expect(logged(adapter, 'shutdown complete')).toEqual([expect.objectContaining({ forced: true })]);
  });
});

describe('node adapters/node.js on a database where nothing is installed', () => {
  it('in production, on a new SQLite file, serves the console and the install report with every migration pending', async () => {
    const token = 'adapter-setup-token-0123456789';
    const vars = sqliteVars({ NODE_ENV: 'production', SETUP_TOKEN: token });
    const adapter = await startNodeAdapter(vars);
    // MIGRATE_ON_START is off in production: nothing ran, readiness says why.
    expect((await readinessBecomes(adapter, 503)).reason).toMatch(/migration\(s\) pending/);

    const page = await httpRequest(`${adapter.url}/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const report = await httpRequest(`${adapter.url}/api/v1/setup`);
    expect(report.status).toBe(200);
    expect(JSON.parse(report.body)).toMatchObject({
      installed: false,
      report: {
        database: { type: 'sqlite', reachable: true, pendingMigrations: expect.arrayContaining([expect.any(String)]) },
        dataFolder: { writable: true },
        secretKey: 'persistent',
        mail: 'unconfigured',
        setupToken: true,
        target: 'node',
      },
    });

    // The install page's first step: the migrations, with the token; readiness turns green.
    const migrated = await httpRequest(`${adapter.url}/api/v1/setup/migrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(migrated.status).toBe(200);
    expect(JSON.parse(migrated.body).applied.length).toBeGreaterThan(0);
    expect((await readinessBecomes(adapter, 200)).status).toBe('ready');
  });
});

describe('node adapters/node.js refusing to start', () => {
  it(`exits ${EXIT_CODES.config} naming every bad variable, without a stack trace or a listener`, async () => {
    const result = await runNodeAdapter({ PORT: 'abc', DB_TYPE: 'oracle', NODE_ENV: 'production' });
    expect(result.code).toBe(EXIT_CODES.config);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Invalid configuration (3 problems):');
    for (const name of ['PORT', 'DB_TYPE', 'SECRET_KEY']) expect(lines.filter((l) => l.startsWith(`  ${name}: `))).toHaveLength(1);
    expect(lines).toHaveLength(4);
    expect(result.stderr).not.toMatch(STACK_LINE);
    // No logger, no server: nothing was ever written to stdout, least of all "listening".
    expect(result.stdout).toBe('');
  });

  it(`exits ${EXIT_CODES.config} with one line when DB_PATH names a folder`, async () => {
    const result = await runNodeAdapter({ ...sqliteVars(), DB_PATH: tempDir() });
    expect(result.code).toBe(EXIT_CODES.config);
    expect(result.stderr).toMatch(/^Cannot write the database file or its folder: .+\n$/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(listening(result)).toEqual([]);
  });

  // mkdir answers ENOTDIR/EEXIST when a path component is a regular file. A read-only folder
  // (chmod 0555) cannot stand in: the tests run as root, which ignores it.
  it(`exits ${EXIT_CODES.config} with one line when a regular file stands where the SQLite folder should be`, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'not a folder');
    const result = await runNodeAdapter({ ...sqliteVars(), DB_PATH: join(dir, 'file.txt', 'data', 'app.sqlite') });
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).toMatch(/^Cannot write the database file or its folder: .+\n$/);
    expect(result.code).toBe(EXIT_CODES.config);
  });
});

describeEachDatabase(
  'node adapters/node.js while the database comes and goes',
  (type) => {
    let db: ProvisionedDb;
    let forwarder: TcpForwarder;
    beforeAll(async () => {
      db = await provisionDatabase(type);
      // Migrated up front: these tests are about readiness, not start-up migrations.
      const migrated = await runNode(['scripts/migrate.ts', 'up'], db.env);
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
    });
    afterAll(async () => {
      await db?.drop();
    });
    beforeEach(async () => {
      forwarder = await TcpForwarder.start({ host: db.env.DB_HOST, port: Number(db.env.DB_PORT) });
    });
    afterEach(async () => {
      await forwarder.close();
    });

    /** How the adapter names the database in its messages: the password masked. */
    const shownUrl = () => {
      const { DB_USER: user, DB_PASSWORD: password } = db.env;
      return `${type}://${encodeURIComponent(user)}${password ? ':***' : ''}@127.0.0.1:${forwarder.port}/${db.name}`;
    };

    /** The app reaches the database only through the forwarder. */
    const viaForwarder = (extra: Record<string, string> = {}) => ({
      NODE_ENV: 'test',
      SECRET_KEY,
      MIGRATE_ON_START: 'false',
      DATABASE_URL: shownUrl().replace(':***@', `:${encodeURIComponent(db.env.DB_PASSWORD)}@`),
      DB_CONNECT_TIMEOUT_MS: '60000',
      ...extra,
    });

    it('answers /health 200 and /health/ready 503 while the database refuses, then turns ready without a restart', async () => {
      const adapter = await startNodeAdapter(viaForwarder());
      expect((await httpRequest(`${adapter.url}/health`)).status).toBe(200);
      for (let i = 0; i < 2; i++) {
        expect(await ready(adapter)).toMatchObject({
          status: 503,
          body: { status: 'unavailable', reason: 'database unreachable', database: { type, ok: false, error: expect.any(String) } },
        });
        await sleep(200);
      }
      await adapter.waitForLog((l) => l.msg.startsWith('database not reachable'), 5000, 'a "database not reachable" warning');

      forwarder.pass();
      expect(await readinessBecomes(adapter, 200)).toMatchObject({
        status: 'ready',
        database: { type, ok: true },
        migrations: { pending: 0 },
      });
      // The start-up wait retries with backoff, so it may see the database a little after readiness does.
      await adapter.waitForLog((l) => l.msg === 'database is reachable', 10_000, 'the start-up wait to end');
      expect(listening(adapter)).toHaveLength(1);
      expect(adapter.stderr).toBe('');
    });

    it('goes back to 503 when its database connections are cut, and recovers without a restart', async () => {
      forwarder.pass();
      const adapter = await startNodeAdapter(viaForwarder());
      await readinessBecomes(adapter, 200);

      forwarder.refuse();
      expect(await readinessBecomes(adapter, 503, 5000)).toMatchObject({ reason: 'database unreachable', database: { ok: false } });
      expect((await httpRequest(`${adapter.url}/health`)).status).toBe(200);

      forwarder.pass();
      expect(await readinessBecomes(adapter, 200)).toMatchObject({ status: 'ready', database: { ok: true } });
      expect(adapter.exited).toBe(false);
      expect(adapter.stderr).toBe('');
    });

    it(`exits ${EXIT_CODES.databaseUnavailable} with one line when the database does not answer within DB_CONNECT_TIMEOUT_MS`, async () => {
      const result = await runNodeAdapter(viaForwarder({ DB_CONNECT_TIMEOUT_MS: '500' }));
      expect(result.code).toBe(EXIT_CODES.databaseUnavailable);
      expect(result.stderr.startsWith(`Database unavailable: ${shownUrl()} did not answer within 500 ms: `)).toBe(true);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(STACK_LINE);
    });
  },
  ['postgresql', 'mariadb'],
);
