/**
 * WEB_CONCURRENCY on real processes (`node adapters/node.js`, adapters/cluster.js): a primary that
 * migrates once and forks workers sharing one port; a killed worker replaced; a crash loop and a
 * worker that cannot start stopping the primary with one line; SIGTERM draining every worker under
 * requests, exit 0. With the default of 1, one process and no children.
 */
import { readFileSync } from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { EXIT_CODES } from '#src/runtime.ts';
import { ADAPTER_PASSWORD, ADAPTER_SETUP_TOKEN, adminToken } from '#test/support/adapter-session.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import {
  freePort,
  httpRequest,
  killLeftovers,
  type LogLine,
  pollUntil,
  type RunningAdapter,
  runNodeAdapter,
  startNodeAdapter,
} from '#test/support/process.ts';
import { RawConnection, rawRequest } from '#test/support/raw-http.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const METRICS_TOKEN = 'cluster-metrics-token-0123456789';
/** Start-ups take seconds each on a loaded machine, and a cluster starts several. */
const START_MS = 90_000;

afterEach(killLeftovers);

/** The pids of a process's children, from /proc. */
function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number).sort();
}

/** Every worker that logged that it listens: its cluster id and pid, in order. */
function listeningWorkers(proc: { logs: LogLine[] }): { worker: number; pid: number }[] {
  return proc.logs
    .filter((line) => line.msg.startsWith('Filamenta listening on'))
    .map((line) => ({ worker: line.worker as number, pid: line.pid as number }));
}

/** Waits until `count` workers in all have logged that they listen. */
async function workersListening(proc: RunningAdapter, count: number) {
  return pollUntil(() => (listeningWorkers(proc).length >= count ? listeningWorkers(proc) : undefined), {
    timeoutMs: START_MS,
    intervalMs: 100,
    what: `${count} workers listening`,
    stopIf: () => (proc.exited ? `the primary exited\n${proc.describe()}` : undefined),
  });
}

/** `n` GETs, each on its own connection, answered 200; returns which worker served each (from its request log line). */
async function servedBy(proc: RunningAdapter, path: string, n: number): Promise<number[]> {
  const answers = [];
  for (let i = 0; i < n; i++) answers.push(await httpRequest(`${proc.url}${path}`));
  expect(answers.map((res) => res.status)).toEqual(Array(n).fill(200));
  const ids = answers.map((res) => res.headers['x-request-id']);
  const lines = await pollUntil(
    () => {
      const found = proc.logs.filter((line) => line.msg === 'request' && ids.includes(line.requestId as string));
      return found.length === n ? found : undefined;
    },
    { timeoutMs: 10_000, what: `${n} request log lines` },
  );
  return lines.map((line) => line.worker as number);
}

describe('WEB_CONCURRENCY=1 (the default)', () => {
  it('serves from the process itself: no worker, no child process, no cluster log line', async () => {
    const db = await provisionDatabase('sqlite');
    try {
      const adapter = await startNodeAdapter({ NODE_ENV: 'test', SECRET_KEY, MIGRATE_ON_START: 'true', ...db.env }, START_MS);
      expect(listeningWorkers(adapter)).toEqual([{ worker: undefined, pid: adapter.child.pid }]);
      expect((await httpRequest(`${adapter.url}/health`)).status).toBe(200);
      expect(childPids(adapter.child.pid!)).toEqual([]);
      adapter.signal('SIGTERM');
      expect(await adapter.waitForExit(30_000)).toEqual({ code: 0, signal: null });
      expect(adapter.logs.filter((line) => line.role === 'primary')).toEqual([]);
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('a WEB_CONCURRENCY that is neither a number of processes nor auto stops the start with exit 78', async () => {
    const result = await runNodeAdapter({ NODE_ENV: 'test', SECRET_KEY, WEB_CONCURRENCY: 'all' }, START_MS);
    expect(result.code).toBe(EXIT_CODES.config);
    expect(result.stderr).toMatch(/WEB_CONCURRENCY: invalid value "all": expected a number of processes, 1 or more, or auto/);
  }, 120_000);
});

describeEachDatabase(
  'WEB_CONCURRENCY=2 behind one port',
  (type) => {
    let db: ProvisionedDb;
    beforeAll(async () => {
      db = await provisionDatabase(type);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('migrates once in the primary, serves from two workers, replaces a killed one, and drains both on SIGTERM with every login answered', async () => {
      const primary = await startNodeAdapter(
        {
          NODE_ENV: 'production',
          SECRET_KEY,
          MIGRATE_ON_START: 'true',
          WEB_CONCURRENCY: '2',
          SETUP_TOKEN: ADAPTER_SETUP_TOKEN,
          RATE_LIMIT_AUTH_PER_MINUTE: '0',
          SHUTDOWN_TIMEOUT_MS: '60000',
          METRICS_ENABLED: 'true',
          METRICS_TOKEN,
          ...db.env,
        },
        START_MS,
      );
      const first = await workersListening(primary, 2);
      const primaryPid = primary.child.pid!;

      // The migrations ran once, in the primary, before any worker existed.
      const migrating = primary.logs.filter((line) => /^running \d+ migration/.test(line.msg));
      expect(migrating).toEqual([expect.objectContaining({ role: 'primary', pid: primaryPid })]);
      const forked = primary.logs.findIndex((line) => line.msg === 'starting 2 worker processes');
      expect(primary.logs.indexOf(migrating[0])).toBeLessThan(forked);
      // Two workers, two pids, both children of the primary, on the primary's one port.
      expect(new Set(first.map((w) => w.pid)).size).toBe(2);
      expect(first.map((w) => w.pid)).not.toContain(primaryPid);
      expect(childPids(primaryPid)).toEqual(first.map((w) => w.pid).sort());
      await pollUntil(async () => ((await httpRequest(`${primary.url}/health/ready`)).status === 200 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'readiness',
      });
      const ready = JSON.parse((await httpRequest(`${primary.url}/health/ready`)).body) as { migrations: { pending: number } };
      expect(ready.migrations.pending).toBe(0);

      // Connections are handed to the workers in turn: both serve.
      const workers = await servedBy(primary, '/api/v1/config', 12);
      expect(new Set(workers)).toEqual(new Set(first.map((w) => w.worker)));
      // Whichever worker a scrape reaches, /metrics counts the requests of both (the primary sums them).
      for (let scrape = 0; scrape < 2; scrape++) {
        const metrics = await httpRequest(`${primary.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        expect(metrics.status).toBe(200);
        const served = /\nhttp_request_duration_seconds_count\{[^}]*route="\/api\/v1\/config"[^}]*status_code="200"[^}]*\} (\d+)/.exec(
          metrics.body,
        );
        expect(Number(served?.[1])).toBe(12);
      }

      // A worker killed outright is replaced by a new one on the same port.
      const killed = first[0];
      process.kill(killed.pid, 'SIGKILL');
      const after = await workersListening(primary, 3);
      const replacement = after[2];
      expect(replacement.pid).not.toBe(killed.pid);
      expect(primary.logs).toContainEqual(
        expect.objectContaining({ role: 'primary', level: 'error', workerPid: killed.pid, signal: 'SIGKILL', restartInMs: 100 }),
      );
      expect(childPids(primaryPid)).toEqual([first[1].pid, replacement.pid].sort());
      expect(new Set(await servedBy(primary, '/api/v1/config', 12))).toEqual(new Set([first[1].worker, replacement.worker]));

      // SIGTERM with logins in every worker's kernel buffers: each is answered, then everything exits 0.
      await adminToken(primary.url);
      const connections = await Promise.all(Array.from({ length: 8 }, () => RawConnection.open(primary.port)));
      const login = rawRequest('POST', '/api/v1/auth/login', { body: { login: 'ada', password: ADAPTER_PASSWORD } });
      await Promise.all(connections.map((connection) => connection.send(login)));
      primary.signal('SIGTERM');
      const answers = await Promise.all(connections.map((connection) => connection.read())).catch((error: Error) => {
        throw new Error(`${error.message}\n${primary.describe()}`);
      });
      expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
      expect(await primary.waitForExit(90_000)).toEqual({ code: 0, signal: null });
      const completed = primary.logs.filter((line) => line.msg === 'shutdown complete');
      expect(completed.map((line) => line.worker).sort()).toEqual([first[1].worker, replacement.worker].sort());
      expect(completed.map((line) => line.forced)).toEqual([false, false]);
      // The logins were spread over both workers.
      const loggedIn = primary.logs.filter((line) => line.msg === 'request' && line.path === '/api/v1/auth/login');
      expect(loggedIn).toHaveLength(9);
      expect(new Set(loggedIn.map((line) => line.worker))).toEqual(new Set([first[1].worker, replacement.worker]));
      expect(primary.stderr).toBe('');
    }, 300_000);
  },
  ['postgresql'],
);

describe('WEB_CONCURRENCY=2 on SQLite, in development without SECRET_KEY', () => {
  let db: ProvisionedDb;
  beforeAll(async () => {
    db = await provisionDatabase('sqlite');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('the workers share one generated key (a token signed by one is good on the other); a crash loop stops the primary with one line, exit 1', async () => {
    const primary = await startNodeAdapter(
      { NODE_ENV: 'development', WEB_CONCURRENCY: '2', SETUP_TOKEN: ADAPTER_SETUP_TOKEN, RATE_LIMIT_AUTH_PER_MINUTE: '0', ...db.env },
      START_MS,
    );
    let workers = await workersListening(primary, 2);
    const token = await adminToken(primary.url);
    const me = [];
    for (let i = 0; i < 6; i++) me.push(await httpRequest(`${primary.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }));
    expect(me.map((res) => res.status)).toEqual(Array(6).fill(200));

    // Five crashes within a minute: kill every worker as soon as it listens.
    let kills = 0;
    while (kills < 5) {
      for (const worker of workers.slice(-2)) {
        if (kills === 5) break;
        process.kill(worker.pid, 'SIGKILL');
        kills++;
      }
      if (kills === 5) break;
      workers = await workersListening(primary, workers.length + 2);
    }
    const exit = await primary.waitForExit(60_000);
    expect(exit).toEqual({ code: EXIT_CODES.failure, signal: null });
    expect(primary.stderr).toBe('Filamenta stopped: 5 workers crashed within 60 s (the last killed by SIGKILL); see the log above\n');
    // Four replacements, with a growing delay; none after the fifth crash.
    expect(primary.logs.filter((line) => line.restartInMs !== undefined).map((line) => line.restartInMs)).toEqual([100, 200, 400, 800]);
  }, 300_000);
});

describe('a worker that cannot start', () => {
  it('is reported once by the primary, which exits with its code instead of forking it again', async () => {
    // Nothing listens there: every worker waits for the database, gives up, and tells the primary.
    const port = await freePort();
    const result = await runNodeAdapter(
      {
        NODE_ENV: 'production',
        SECRET_KEY,
        WEB_CONCURRENCY: '2',
        MIGRATE_ON_START: 'false',
        DATABASE_URL: `postgres://filamenta@127.0.0.1:${port}/filamenta`,
        DB_CONNECT_TIMEOUT_MS: '1000',
      },
      START_MS,
    );
    expect(result.code).toBe(EXIT_CODES.databaseUnavailable);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Database unavailable: /)]);
    expect(result.logs.filter((line) => line.msg === 'starting 2 worker processes')).toHaveLength(1);
    expect(result.logs.filter((line) => line.msg.startsWith('Filamenta listening on'))).toHaveLength(2);
  }, 120_000);

  it('with MIGRATE_ON_START, the primary itself waits for the database and exits 69 before forking', async () => {
    const port = await freePort();
    const result = await runNodeAdapter(
      {
        NODE_ENV: 'production',
        SECRET_KEY,
        WEB_CONCURRENCY: '2',
        MIGRATE_ON_START: 'true',
        DATABASE_URL: `postgres://filamenta@127.0.0.1:${port}/filamenta`,
        DB_CONNECT_TIMEOUT_MS: '1000',
      },
      START_MS,
    );
    expect(result.code).toBe(EXIT_CODES.databaseUnavailable);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Database unavailable: /)]);
    expect(result.logs.filter((line) => line.msg === 'starting 2 worker processes')).toEqual([]);
  }, 120_000);
});
