/**
 * What a suite of `npm run bench` is: a module in bench/suites/ that measures the app against the
 * bare server on one database and returns rows for the table and raw figures for the JSON. The
 * helpers here make every load measured the same way: wrk's warm-up, then the measured run, CPU of
 * the server process per request, rounds alternating app and bare, the median round kept.
 */
import type { BenchDatabase, BenchDbType } from './databases.ts';
import { type LoadResult, runWrk, type WrkRequest } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { Aim, Row } from './report.ts';
import { cpuMs, idle, type RunningServer } from './servers.ts';
import type { SpecOptions, Variant } from './variants.ts';

export interface SuiteContext {
  type: BenchDbType;
  db: BenchDatabase;
  options: BenchOptions;
  /** True for the first database of the run: one-off measurements go there. */
  first: boolean;
  /**
   * The bundle and the bare server, started on first call and shared by the suites of this database
   * (pinned to the server CPUs in a pinned run). Their memory is read after the last suite.
   */
  servers(): Promise<{ app: RunningServer; bare: RunningServer; baseline?: RunningServer }>;
  /** Starts another server, pinned like the shared ones; stopped when the database's run ends. */
  start(variant: Variant, options?: SpecOptions): Promise<RunningServer>;
}

export interface SuiteResult {
  rows: Row[];
  /** Every figure, for bench/results/*.json. */
  raw: unknown;
  /** Lines printed under the table. */
  notes?: string[];
}

export interface Suite {
  name: string;
  /** Needs the seeded items and the editor of bench/seed.ts. */
  seeded?: boolean;
  run(context: SuiteContext): Promise<SuiteResult>;
}

/**
 * A wrk result and the server's CPU time per request during it. `rps` counts only the 2xx/3xx
 * answers: a server that refuses (a 503 from a load guard, a 429) is not faster for it.
 */
export type Measured = LoadResult & { cpuUsPerRequest: number; errorShare: number };

/** One load as a suite declares it: `path` may hold `{r}`, drawn per request from `request.range`. */
export interface Load {
  label: string;
  path: string;
  request?: WrkRequest;
  /** Fewer connections than the run's (never more), for loads a backlog would distort. */
  connections?: number;
}

/** wrk's warm-up, the server's backlog served, then the measured run; the server's CPU time divided by the requests served. */
export async function measure(server: RunningServer, load: Load, options: BenchOptions): Promise<Measured> {
  const pid = server.child.pid as number;
  const shape = <T extends { connections: number }>(o: T): T =>
    load.connections ? { ...o, connections: Math.min(load.connections, o.connections) } : o;
  const url = server.url + load.path;
  await runWrk(url, shape(options.warmup), load.request);
  if (!(await idle(pid)))
    console.warn(`  ! ${server.spec.name} ${load.path}: still busy 60 s after the warm-up; the measured run starts anyway`);
  const cpuBefore = cpuMs(pid);
  const result = await runWrk(url, shape(options.load), load.request);
  const cpuUsPerRequest = ((cpuMs(pid) - cpuBefore) * 1000) / result.requests;
  if (result.errors) console.warn(`  ! ${server.spec.name} ${load.path}: ${result.errors} errors/non-2xx of ${result.requests}`);
  if (!result.requests) console.warn(`  ! ${server.spec.name} ${load.path}: no request finished within the run; raise BENCH_DURATION_S`);
  const errorShare = result.requests ? result.errors / result.requests : 0;
  return {
    ...result,
    rps: result.rps * (1 - errorShare),
    errorShare,
    cpuUsPerRequest: result.requests ? cpuUsPerRequest : Number.NaN,
  };
}

/** The round with the median throughput (the upper one of an even count). */
export function medianRound(results: Measured[]): Measured {
  return [...results].sort((a, b) => a.rps - b.rps)[results.length >> 1];
}

/**
 * `load` on each server in turn (app, bare, app, bare, ...) for the run's rounds; the median round
 * of each. `servers` may hold more than two (the bare server sending the app's headers).
 */
export async function compare<K extends string>(
  context: SuiteContext,
  servers: Record<K, RunningServer> & { baseline?: RunningServer },
  load: Load,
): Promise<Record<K, Measured> & { baseline?: Measured }> {
  const rounds = context.options.rounds;
  const samples = {} as Record<K, Measured[]>;
  const present = (Object.entries(servers) as [K, RunningServer | undefined][]).filter((e): e is [K, RunningServer] => !!e[1]);
  for (let round = 0; round < rounds; round++) {
    console.log(`[${context.type}] wrk ${load.label} round ${round + 1}/${rounds}: ${present.map(([key]) => key).join(', ')}`);
    for (const [key, server] of present) {
      (samples[key] ??= []).push(await measure(server, load, context.options));
    }
  }
  const out = {} as Record<K, Measured>;
  for (const key of Object.keys(samples) as K[]) out[key] = medianRound(samples[key]);
  return out;
}

/**
 * The rows of one load: throughput against the aim, p99, and CPU per request for both servers; with
 * a baseline (BENCH_BASELINE), its throughput and CPU against the same bare rounds, marked `before`.
 */
export function loadRows(
  database: string,
  label: string,
  { app, bare, baseline }: { app: Measured; bare: Measured; baseline?: Measured },
  aim?: Aim,
): Row[] {
  // A load some answers of which failed says so in its label; its req/s counts the successful ones.
  const failed = (m: Measured) => (m.errorShare > 0.001 ? ` (${(m.errorShare * 100).toFixed(1)}% errors)` : '');
  return [
    { database, metric: `${label} req/s${failed(app)}`, app: app.rps, bare: bare.rps, unit: '/s', aim },
    ...(baseline
      ? [{ database, metric: `${label} req/s, before${failed(baseline)}`, app: baseline.rps, bare: bare.rps, unit: '/s', aim }]
      : []),
    { database, metric: `${label} p99`, app: app.p99Ms, bare: bare.p99Ms, unit: 'ms' },
    { database, metric: `${label} CPU/request`, app: app.cpuUsPerRequest, bare: bare.cpuUsPerRequest, unit: 'us' },
    ...(baseline
      ? [{ database, metric: `${label} CPU/request, before`, app: baseline.cpuUsPerRequest, bare: bare.cpuUsPerRequest, unit: 'us' }]
      : []),
  ];
}
