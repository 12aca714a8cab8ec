/**
 * Suite `processes`: what WEB_CONCURRENCY and the overload guard do, on the bundle. (1) Throughput
 * and p99 of the random slug read with WEB_CONCURRENCY=1 and =2, with wrk on the same cores as the
 * server (an unpinned run: on a two-core machine the load generator takes a share of both). (2) The
 * overload run: a closed loop with four times the run's connections against the same read, with
 * the guard on (the defaults) and off (OVERLOAD_*=0): how many requests were accepted, the p99 of the
 * accepted ones, the server's RSS after, and the time until the first 200 and the p99 of a light
 * load once the overload ends. No bare counterpart: the figures are notes under the table.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { CONTENT_ROWS } from '../seed.ts';
import { rssBytes, type RunningServer } from '../servers.ts';
import { measure, type Suite, type SuiteContext } from '../suite.ts';

const SLUG_READ = {
  label: 'GET /api/v1/content/{slug}, random slug',
  path: '/api/v1/content/bench-item-{r}',
  request: { range: [1, CONTENT_ROWS] },
} as const;
const MiB = 1024 * 1024;

interface OverloadFigures {
  clients: number;
  durationS: number;
  accepted: number;
  refused503: number;
  failed: number;
  acceptedP99Ms: number;
  acceptedP50Ms: number;
  rssMiB: { before: number; after: number };
  /** After the load: ms until a GET answered 200, then the p99 of 50 GETs one after the other. */
  recovery: { firstOkMs: number; p99Ms: number };
}

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One GET: its status (0 on a network error) and how long it took. */
function get(url: string, agent: Agent | false): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.once('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

const randomSlugUrl = (server: RunningServer) => `${server.url}/api/v1/content/bench-item-${1 + Math.floor(Math.random() * CONTENT_ROWS)}`;

/** `clients` closed loops on keep-alive connections for `durationS`; every answer's latency kept by status. */
async function overload(server: RunningServer, clients: number, durationS: number): Promise<OverloadFigures> {
  const pid = server.child.pid as number;
  const before = rssBytes(pid);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const accepted: number[] = [];
  let refused503 = 0;
  let failed = 0;
  const until = performance.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const { status, ms } = await get(randomSlugUrl(server), agent);
        if (status === 200) accepted.push(ms);
        else if (status === 503) refused503++;
        else failed++;
        // A refused client waits as Retry-After asks, but only a little: it is a load, not a person.
        if (status === 503) await sleep(100);
      }
    }),
  );
  agent.destroy();
  const after = rssBytes(pid);
  const recoveryStart = performance.now();
  let firstOkMs = Number.NaN;
  while (performance.now() - recoveryStart < 30_000) {
    if ((await get(randomSlugUrl(server), false)).status === 200) {
      firstOkMs = performance.now() - recoveryStart;
      break;
    }
    await sleep(20);
  }
  const light: number[] = [];
  for (let i = 0; i < 50; i++) light.push((await get(randomSlugUrl(server), false)).ms);
  return {
    clients,
    durationS,
    accepted: accepted.length,
    refused503,
    failed,
    acceptedP50Ms: percentile(accepted, 50),
    acceptedP99Ms: percentile(accepted, 99),
    rssMiB: { before: before / MiB, after: after / MiB },
    recovery: { firstOkMs, p99Ms: percentile(light, 99) },
  };
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function run(context: SuiteContext) {
  const { type, options } = context;
  const notes: string[] = [];
  const throughput: Record<string, unknown> = {};
  for (const processes of [1, 2]) {
    // The guard off: this measures what the processes serve, not what they refuse.
    const server = await context.start('bundle', {
      env: { WEB_CONCURRENCY: String(processes), OVERLOAD_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_DB_WAITING: '0' },
      label: `WEB_CONCURRENCY=${processes}`,
    });
    console.log(`[${type}] wrk ${SLUG_READ.label} with WEB_CONCURRENCY=${processes}`);
    // The CPU figure of measure() is the primary's alone under WEB_CONCURRENCY=2: not reported.
    const result = await measure(server, SLUG_READ, options);
    throughput[processes] = result;
    notes.push(
      `[${type}] ${SLUG_READ.label}, WEB_CONCURRENCY=${processes}: ${Math.round(result.rps)} req/s, p99 ${fixed(result.p99Ms, 1)} ms ` +
        `(wrk -c${options.load.connections} on the same cores)`,
    );
  }

  const clients = 4 * options.load.connections;
  const runs: Record<string, OverloadFigures> = {};
  for (const [name, env] of [
    ['guard on (defaults)', {}],
    ['guard off', { OVERLOAD_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_DB_WAITING: '0' }],
  ] as const) {
    const server = await context.start('bundle', { env, label: `overload, ${name}` });
    // The same warm-up as the other loads, then the overload.
    await measure(server, { ...SLUG_READ, label: `${SLUG_READ.label}, warm-up` }, { ...options, load: options.warmup });
    console.log(`[${type}] overload: ${clients} clients for ${options.load.durationS} s, ${name}`);
    const figures = await overload(server, clients, options.load.durationS);
    runs[name] = figures;
    notes.push(
      `[${type}] overload (${clients} clients, 4x the run's ${options.load.connections}, ${options.load.durationS} s), ${name}: ` +
        `${figures.accepted} accepted (p50 ${fixed(figures.acceptedP50Ms, 1)} ms, p99 ${fixed(figures.acceptedP99Ms, 1)} ms), ` +
        `${figures.refused503} refused 503, ${figures.failed} failed; RSS ${fixed(figures.rssMiB.before)} -> ${fixed(figures.rssMiB.after)} MiB; ` +
        `after: first 200 in ${fixed(figures.recovery.firstOkMs)} ms, p99 of 50 sequential GETs ${fixed(figures.recovery.p99Ms, 1)} ms`,
    );
  }
  return { rows: [], raw: { throughput, overload: runs }, notes };
}

export const processesSuite: Suite = { name: 'processes', seeded: true, run };
