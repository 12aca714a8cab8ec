/**
 * Several Filamenta processes (`node adapters/node.js`) on one database, behind a real nginx
 * upstream (nginx.ts upstreamConfig), with a rolling restart (SIGTERM one instance, wait for it to
 * exit, start it again on the same port, wait until it is ready, then the next) and a steady load
 * (a bounded client loop that counts every answer and failure) to run during it.
 *
 *   const suite = useCluster('postgresql', undefined, { RATE_LIMIT_AUTH_PER_MINUTE: '4' }); // in a describe
 *   const cluster = suite.cluster; // in a test
 *   const load = steadyLoad(`${cluster.url}/api/v1/config`);
 *   await cluster.rollingRestart();
 *   const report = await load.stop();
 */
import { Agent, type OutgoingHttpHeaders, request } from 'node:http';

import { afterAll, beforeAll } from 'vitest';

import { provisionDatabase, type ProvisionedDb, type TestDb } from './databases.ts';
import { Nginx, upstreamConfig } from './nginx.ts';
import { type Exit, freePort, httpRequest, killLeftovers, pollUntil, type RunningAdapter, startNodeAdapter } from './process.ts';

const CLUSTER_SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';

/**
 * A suite's three production instances on a database of their own behind nginx (trusted as the
 * loopback proxy), with `vars` on top; started before the suite's tests (`problem`, when set, fails
 * them loudly), stopped and the database dropped after. Read `cluster` inside the tests.
 */
export function useCluster(type: TestDb, problem: string | undefined, vars: Record<string, string>): { cluster: Cluster } {
  const suite = {} as { cluster: Cluster };
  let db: ProvisionedDb | undefined;
  beforeAll(async () => {
    if (problem) throw new Error(problem);
    db = await provisionDatabase(type);
    suite.cluster = await startCluster(3, {
      ...db.env,
      NODE_ENV: 'production',
      SECRET_KEY: CLUSTER_SECRET_KEY,
      TRUST_PROXY: 'loopback',
      ...vars,
    });
  }, 180_000);
  afterAll(async () => {
    await suite.cluster?.stop();
    await killLeftovers();
    await db?.drop();
  });
  return suite;
}

export interface Cluster {
  /** http://127.0.0.1:<nginx port> */
  url: string;
  nginx: Nginx;
  /** The instances as they run now (a restart replaces an entry). */
  instances: RunningAdapter[];
  /** SIGTERMs instance `index`, waits for its exit, starts it again on its port, waits until it is ready. */
  restart(index: number): Promise<Exit>;
  /** restart() of every instance, one after the other. */
  rollingRestart(): Promise<Exit[]>;
  /** Stops nginx and every instance (SIGTERM, then SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Resolves once GET /health/ready answers 200 (the instance listens before its database is ready). */
async function waitUntilReady(instance: RunningAdapter, timeoutMs = 20_000): Promise<void> {
  await pollUntil(
    () =>
      httpRequest(`${instance.url}/health/ready`).then(
        (res) => (res.status === 200 ? true : undefined),
        () => undefined,
      ),
    {
      timeoutMs,
      intervalMs: 50,
      what: `instance on port ${instance.port} to be ready`,
      stopIf: () => (instance.exited ? `the instance exited before it was ready\n${instance.describe()}` : undefined),
    },
  );
}

/**
 * `count` instances with the configuration `vars`, then nginx in front of them. The first
 * instance migrates the database (MIGRATE_ON_START) and is ready before the others start, so no
 * two instances race to migrate.
 */
async function startCluster(count: number, vars: Record<string, string>): Promise<Cluster> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const serve = (port: number, migrate: boolean) =>
    startNodeAdapter({ LOG_LEVEL: 'info', ...vars, MIGRATE_ON_START: String(migrate) }, 20_000, port).then(async (instance) => {
      await waitUntilReady(instance);
      return instance;
    });
  const instances = [await serve(ports[0], true)];
  instances.push(...(await Promise.all(ports.slice(1).map((port) => serve(port, false)))));
  const listen = await freePort();
  const nginx = await Nginx.start(upstreamConfig({ servers: ports, listen }), listen);

  async function restart(index: number): Promise<Exit> {
    const old = instances[index];
    old.signal('SIGTERM');
    const exit = await old.waitForExit(20_000);
    instances[index] = await serve(old.port, false);
    return exit;
  }

  return {
    url: `http://127.0.0.1:${listen}`,
    nginx,
    instances,
    restart,
    async rollingRestart() {
      const exits: Exit[] = [];
      for (let i = 0; i < instances.length; i++) exits.push(await restart(i));
      return exits;
    },
    async stop(timeoutMs = 10_000) {
      await nginx.stop();
      await Promise.all(
        instances.map(async (instance) => {
          if (instance.exited) return;
          instance.signal('SIGTERM');
          await instance.waitForExit(timeoutMs).catch(() => undefined);
        }),
      );
    },
  };
}

interface LoadReport {
  /** Requests that got an answer or failed; ok + failed. */
  sent: number;
  ok: number;
  failed: number;
  /** How many of each answer: `200`, `502`, or an error code such as `ECONNRESET`. */
  outcomes: Record<string, number>;
  /** The first failures, with performance.now() at the time, for the report. */
  failures: { at: number; what: string }[];
  /** performance.now() at the first and last answer. */
  startedAt: number;
  endedAt: number;
}

export interface LoadRun {
  /** The counts so far. */
  report(): LoadReport;
  /** Stops sending, waits for requests in flight, and returns the counts. */
  stop(): Promise<LoadReport>;
  /** Resolves with the counts once the load has stopped by itself (maxRequests or maxMs). */
  finished(): Promise<LoadReport>;
}

export interface LoadOptions {
  /** Clients sending at once (default 4). */
  concurrency?: number;
  /** Bounds: the load stops by itself after this many requests or this long (20 000, 60 s). */
  maxRequests?: number;
  maxMs?: number;
  /** Which answers count as ok (default: 200). */
  ok?: (status: number) => boolean;
  /** The request each client sends (default GET without a body). */
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string;
}

/**
 * A steady closed-loop load: `concurrency` clients, each sending the request to `url` again as
 * soon as the last answer arrived, on keep-alive connections, counting every outcome.
 */
export function steadyLoad(
  url: string,
  {
    concurrency = 4,
    maxRequests = 20_000,
    maxMs = 60_000,
    ok = (status) => status === 200,
    method = 'GET',
    headers,
    body,
  }: LoadOptions = {},
): LoadRun {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const startedAt = performance.now();
  const report: LoadReport = { sent: 0, ok: 0, failed: 0, outcomes: {}, failures: [], startedAt, endedAt: startedAt };
  let stopping = false;
  let issued = 0;

  const count = (outcome: string, good: boolean) => {
    report.sent++;
    report.endedAt = performance.now();
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    if (good) report.ok++;
    else {
      report.failed++;
      if (report.failures.length < 50) report.failures.push({ at: report.endedAt, what: outcome });
    }
  };

  const once = () =>
    new Promise<void>((resolve) => {
      const req = request(url, { agent, method, headers }, (res) => {
        res.resume();
        res.once('end', () => {
          count(String(res.statusCode), ok(res.statusCode ?? 0));
          resolve();
        });
        res.once('error', (error: NodeJS.ErrnoException) => {
          count(error.code ?? error.message, false);
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(Object.assign(new Error('no answer in 10 s'), { code: 'TIMEOUT' })));
      req.once('error', (error: NodeJS.ErrnoException) => {
        count(error.code ?? error.message, false);
        resolve();
      });
      req.end(body);
    });

  const client = async () => {
    while (!stopping && issued < maxRequests && performance.now() - startedAt < maxMs) {
      issued++;
      await once();
    }
  };
  const clients = Promise.all(Array.from({ length: concurrency }, client));

  return {
    report: () => ({ ...report, outcomes: { ...report.outcomes }, failures: [...report.failures] }),
    async stop() {
      stopping = true;
      return this.finished();
    },
    async finished() {
      await clients;
      agent.destroy();
      return { ...report, outcomes: { ...report.outcomes }, failures: [...report.failures] };
    },
  };
}
