/**
 * `npm run bench`: the Node adapter against a bare node:http server on the same driver, on SQLite,
 * MariaDB and PostgreSQL. Cold start (spawn to the first 200 from /health/ready), RSS after load,
 * and wrk throughput, p99 and server CPU per request on /health and /health/ready (suite `health`)
 * and on the API over 10,000 seeded rows (suite `api`: the public slug read, a page of the list,
 * content creation with an editor's token, login), the bare server doing the same SQL work on the
 * same database (bench/bare-server.mjs). Reports only; the aims are never asserted. An untimed first
 * start per variant warms the page cache and, for the bundle, Node's compile cache (as any restart
 * after the first would find it).
 *
 * Suite `console` (bench/console.ts): the console's first-load bytes and time to an interactive
 * sign-in page in Chromium.
 *
 * Knobs: BENCH_DATABASES=sqlite,mariadb,postgresql  BENCH_SUITES=health,api,console  BENCH_COLD_RUNS=5
 * BENCH_DURATION_S=5  BENCH_WARMUP_S=1  BENCH_ROUNDS=1 (load rounds; the median is kept)
 * BENCH_PG_URL=postgres://root@127.0.0.1:5432  BENCH_MARIADB_URL=mariadb://root@127.0.0.1:3306
 * BENCH_TARGETS=node,passenger,container,lambda (or all): instead, the per-target figures of
 * bench/targets.ts, written to bench/results/targets.json.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { openBenchDatabase, type BenchDatabase, type BenchDbType } from './databases.ts';
import { ensureWrk, runWrk, type LoadOptions, type LoadResult, type WrkRequest } from './load.ts';
import { formatTable, median, type Row } from './report.ts';
import { BENCH_SLUG, BENCH_USER, seedBench } from './seed.ts';
import { benchTargets, parseTargets } from './targets.ts';
import { runConsoleSuite } from './console.ts';
import { cpuMs, killAll, rssBytes, startServer, stopServer, type RunningServer, type ServerSpec } from './servers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const int = (name: string, fallback: number) => Number.parseInt(process.env[name] ?? '', 10) || fallback;
const COLD_RUNS = int('BENCH_COLD_RUNS', 5);
const ROUNDS = int('BENCH_ROUNDS', 1);
const WARMUP: LoadOptions = { threads: 2, connections: 50, durationS: int('BENCH_WARMUP_S', 1) };
const LOAD: LoadOptions = { threads: 2, connections: 50, durationS: int('BENCH_DURATION_S', 5) };
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,mariadb,postgresql').split(',').map((s) => s.trim()) as BenchDbType[];
const SUITES = new Set((process.env.BENCH_SUITES ?? 'health,api,console').split(',').map((s) => s.trim()));
const ENDPOINTS = ['/health', '/health/ready'] as const;

/** The API loads: a label, the path, a POST body (`{n}` made unique per request), the aim from the issue per database. */
interface ApiLoad {
  metric: string;
  path: string;
  post?: 'content' | 'login';
  aim?: Record<BenchDbType, number>;
  /**
   * Fewer connections for the slow loads: a backlog of 50 requests left by the warm-up (50 scrypt
   * runs take seconds) would be served inside the measured run and not counted.
   */
  connections?: number;
}
const everywhere = (ratio: number): Record<BenchDbType, number> => ({ sqlite: ratio, mariadb: ratio, postgresql: ratio });
const API_LOADS: readonly ApiLoad[] = [
  { metric: 'GET /api/v1/content/{slug}', path: `/api/v1/content/${BENCH_SLUG}`, aim: { sqlite: 0.6, mariadb: 0.8, postgresql: 0.8 } },
  // The middle page of 10,000 rows (offset 4,980) with its total.
  { metric: 'GET /api/v1/content?page=250', path: '/api/v1/content?page=250&perPage=20', aim: everywhere(0.7), connections: 8 },
  { metric: 'POST /api/v1/content', path: '/api/v1/content', post: 'content', aim: everywhere(0.6) },
  { metric: 'POST /api/v1/auth/login (scrypt)', path: '/api/v1/auth/login', post: 'login', connections: 8 },
];
const CONTENT_BODY = JSON.stringify({ title: 'Bench post {n}', body: 'A new item written by the bench. '.repeat(8).trim() });
const LOGIN_BODY = JSON.stringify({ login: BENCH_USER.username, password: BENCH_USER.password });

type Variant = 'sources' | 'bundle' | 'bare';
const ENTRY: Record<Variant, string> = { sources: 'adapters/node.js', bundle: 'dist/node.mjs', bare: 'bench/bare-server.mjs' };

/** Production settings; `npm run db:migrate` builds the schema first, as a deployment would. */
const APP_ENV = {
  NODE_ENV: 'production',
  DEPLOYMENT_TARGET: 'node',
  SECRET_KEY: randomBytes(32).toString('base64url'),
  LOG_LEVEL: 'warn',
  // Off, so the login load measures logins rather than 429s (the limiter's bookkeeping still runs).
  RATE_LIMIT_AUTH_PER_MINUTE: '0',
};
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };

/** A wrk result and the server's CPU time per request during it. */
type Measured = LoadResult & { cpuUsPerRequest: number };

interface DbResult {
  coldStartMs: Record<Variant, { median: number; runs: number[] }>;
  rssBytes: { app: number; bare: number };
  load: Record<string, { app: Measured; bare: Measured; bareWithHeaders: Measured }>;
  api: Record<string, { app: Measured; bare: Measured }>;
  /** GET / (logged at info, unlike /health) on the bundle with LOG_LEVEL=warn and =info. */
  infoLogging?: { warn: Measured; info: Measured };
}

function spec(variant: Variant, db: BenchDatabase, extraEnv: Record<string, string> = {}): ServerSpec {
  const env =
    variant === 'bare'
      ? { ...BASE_ENV, ...db.bareEnv, BARE_SECRET_KEY: APP_ENV.SECRET_KEY }
      : { ...BASE_ENV, ...APP_ENV, ...db.appEnv, ...extraEnv };
  const name = `${variant} on ${db.type}${extraEnv.LOG_LEVEL ? ` (LOG_LEVEL=${extraEnv.LOG_LEVEL})` : ''}`;
  return { name, args: [ENTRY[variant]], env, cwd: ROOT, logFile: join(db.dir, `${variant}.log`) };
}

function migrate(db: BenchDatabase): void {
  const env = { ...BASE_ENV, ...APP_ENV, ...db.appEnv };
  const result = spawnSync(process.execPath, ['scripts/migrate.ts', 'up'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`npm run db:migrate failed on ${db.type}:\n${result.stdout}${result.stderr}`);
}

async function coldStarts(db: BenchDatabase): Promise<DbResult['coldStartMs']> {
  const variants: Variant[] = ['sources', 'bundle', 'bare'];
  // Untimed: warms the page cache and Node's compile cache (the bundle's launcher turns it on).
  for (const v of variants) await stopServer(await startServer(spec(v, db)));
  const runs: Record<Variant, number[]> = { sources: [], bundle: [], bare: [] };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const v of variants) {
      const server = await startServer(spec(v, db));
      runs[v].push(server.readyMs);
      await stopServer(server);
    }
  }
  const out = {} as DbResult['coldStartMs'];
  for (const v of variants) out[v] = { median: median(runs[v]), runs: runs[v].map((ms) => Math.round(ms * 10) / 10) };
  return out;
}

async function measure(server: RunningServer, path: string, request?: WrkRequest, connections?: number): Promise<Measured> {
  const pid = server.child.pid as number;
  const c = (o: LoadOptions) => (connections ? { ...o, connections } : o);
  await runWrk(server.url + path, c(WARMUP), request);
  const cpuBefore = cpuMs(pid);
  const result = await runWrk(server.url + path, c(LOAD), request);
  const cpuUsPerRequest = ((cpuMs(pid) - cpuBefore) * 1000) / result.requests;
  if (result.errors) console.warn(`  ! ${server.spec.name} ${path}: ${result.errors} errors/non-2xx of ${result.requests}`);
  return { ...result, cpuUsPerRequest };
}

function medianResult(results: Measured[]): Measured {
  return [...results].sort((a, b) => a.rps - b.rps)[results.length >> 1];
}

async function benchDatabase(type: BenchDbType, withInfoLogging: boolean): Promise<DbResult> {
  const db = await openBenchDatabase(type);
  const running: RunningServer[] = [];
  try {
    migrate(db);
    if (SUITES.has('api')) {
      console.log(`[${type}] seeding 10,000 content rows and an editor`);
      await seedBench({ ...APP_ENV, ...db.appEnv });
    }
    let coldStartMs = {} as DbResult['coldStartMs'];
    if (SUITES.has('health')) {
      console.log(`\n[${type}] cold start: ${COLD_RUNS} runs each of sources, bundle, bare`);
      coldStartMs = await coldStarts(db);
    }
    const app = await startServer(spec('bundle', db));
    running.push(app);
    const bare = await startServer(spec('bare', db));
    running.push(bare);
    // Informational: the same bare server sending the app's response headers.
    const plain = spec('bare', db);
    const bareWithHeaders = await startServer({
      ...plain,
      name: `bare with headers on ${db.type}`,
      env: { ...plain.env, BARE_HEADERS: '1' },
      logFile: plain.logFile.replace(/\.log$/, '-headers.log'),
    });
    running.push(bareWithHeaders);
    const samples: Record<string, { app: Measured[]; bare: Measured[]; bareWithHeaders: Measured[] }> = {};
    const apiSamples: Record<string, { app: Measured[]; bare: Measured[] }> = {};
    const token = SUITES.has('api') ? await accessToken(app) : '';
    for (let round = 0; round < ROUNDS; round++) {
      for (const path of SUITES.has('health') ? ENDPOINTS : []) {
        console.log(`[${type}] wrk ${path} round ${round + 1}/${ROUNDS}: app, bare, bare with the app's headers`);
        samples[path] ??= { app: [], bare: [], bareWithHeaders: [] };
        samples[path].app.push(await measure(app, path));
        samples[path].bare.push(await measure(bare, path));
        samples[path].bareWithHeaders.push(await measure(bareWithHeaders, path));
      }
      for (const load of SUITES.has('api') ? API_LOADS : []) {
        console.log(`[${type}] wrk ${load.metric} round ${round + 1}/${ROUNDS}: app, bare`);
        const request = wrkRequest(load, token);
        apiSamples[load.metric] ??= { app: [], bare: [] };
        apiSamples[load.metric].app.push(await measure(app, load.path, request, load.connections));
        apiSamples[load.metric].bare.push(await measure(bare, load.path, request, load.connections));
      }
    }
    const api: DbResult['api'] = {};
    for (const [metric, s] of Object.entries(apiSamples)) api[metric] = { app: medianResult(s.app), bare: medianResult(s.bare) };
    const load: DbResult['load'] = {};
    for (const [path, s] of Object.entries(samples))
      load[path] = { app: medianResult(s.app), bare: medianResult(s.bare), bareWithHeaders: medianResult(s.bareWithHeaders) };
    const rss = { app: rssBytes(app.child.pid as number), bare: rssBytes(bare.child.pid as number) };

    let infoLogging: DbResult['infoLogging'];
    if (withInfoLogging && SUITES.has('health')) {
      console.log(`[${type}] wrk / with LOG_LEVEL=warn, then info`);
      const warn = await measure(app, '/');
      const verbose = await startServer(spec('bundle', db, { LOG_LEVEL: 'info' }));
      running.push(verbose);
      infoLogging = { warn, info: await measure(verbose, '/') };
    }
    return { coldStartMs, rssBytes: rss, load, api, infoLogging };
  } finally {
    for (const server of running) await stopServer(server);
    await db.cleanup();
  }
}

/** An editor's access token from the app; the bare server checks the same HS256 signature. */
async function accessToken(app: RunningServer): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: LOGIN_BODY,
  });
  if (res.status !== 200) throw new Error(`the bench login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function wrkRequest(load: ApiLoad, token: string): WrkRequest | undefined {
  if (load.post === 'content') return { method: 'POST', body: CONTENT_BODY, authorization: `Bearer ${token}` };
  if (load.post === 'login') return { method: 'POST', body: LOGIN_BODY };
  return undefined;
}

function apiRows(type: BenchDbType, r: DbResult): Row[] {
  return API_LOADS.filter((load) => r.api[load.metric]).flatMap((load) => {
    const { app, bare } = r.api[load.metric];
    const aim = load.aim ? { kind: 'min' as const, ratio: load.aim[type] } : undefined;
    return [
      { database: type, metric: `${load.metric} req/s`, app: app.rps, bare: bare.rps, unit: '/s', aim },
      { database: type, metric: `${load.metric} p99`, app: app.p99Ms, bare: bare.p99Ms, unit: 'ms' },
      { database: type, metric: `${load.metric} CPU/request`, app: app.cpuUsPerRequest, bare: bare.cpuUsPerRequest, unit: 'us' },
    ];
  });
}

function rowsFor(type: BenchDbType, r: DbResult): Row[] {
  if (!SUITES.has('health')) return apiRows(type, r);
  const MiB = 1024 * 1024;
  const rows: Row[] = [
    { database: type, metric: 'cold start, sources', app: r.coldStartMs.sources.median, bare: r.coldStartMs.bare.median, unit: 'ms' },
    {
      database: type,
      metric: 'cold start, bundle',
      app: r.coldStartMs.bundle.median,
      bare: r.coldStartMs.bare.median,
      unit: 'ms',
      aim: { kind: 'max', ratio: 1.5 },
    },
    {
      database: type,
      metric: 'RSS after load',
      app: r.rssBytes.app / MiB,
      bare: r.rssBytes.bare / MiB,
      unit: 'MiB',
      aim: { kind: 'max', ratio: 1.5 },
    },
  ];
  for (const [path, { app, bare, bareWithHeaders }] of Object.entries(r.load)) {
    const ratio = path === '/health' ? 0.8 : 0.7;
    rows.push({ database: type, metric: `${path} req/s`, app: app.rps, bare: bare.rps, unit: '/s', aim: { kind: 'min', ratio } });
    rows.push({
      database: type,
      metric: `${path} req/s, bare sends the same headers`,
      app: app.rps,
      bare: bareWithHeaders.rps,
      unit: '/s',
    });
    rows.push({ database: type, metric: `${path} p99`, app: app.p99Ms, bare: bare.p99Ms, unit: 'ms' });
    rows.push({ database: type, metric: `${path} CPU/request`, app: app.cpuUsPerRequest, bare: bare.cpuUsPerRequest, unit: 'us' });
  }
  return [...rows, ...apiRows(type, r)];
}

function build(): void {
  console.log('building the bundle (npm run build)');
  const result = spawnSync(process.execPath, ['esbuild.config.ts'], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`the build failed (${result.status ?? result.signal})`);
}

/** BENCH_TARGETS: each deployment target beside its bare baseline, in one run. */
async function mainTargets(value: string): Promise<void> {
  const names = parseTargets(value);
  ensureWrk();
  build();
  const options = { coldRuns: COLD_RUNS, warmup: WARMUP, load: LOAD, secretKey: APP_ENV.SECRET_KEY };
  const results = await benchTargets(names, options);
  const rows = Object.values(results).flatMap((r) => r.rows);
  const machine = `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, node ${process.version}`;
  console.log(`\nFilamenta per target vs bare baselines (${machine}; wrk -t${LOAD.threads} -c${LOAD.connections} -d${LOAD.durationS}s)\n`);
  console.log(formatTable(rows).replace(/^database/, 'target  '));
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'targets.json');
  const raw = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.raw]));
  const json = { date: new Date().toISOString(), machine, options: { COLD_RUNS, WARMUP, LOAD }, rows, raw };
  // With the repository's prettier options (printWidth), so `prettier --check .` stays clean.
  writeFileSync(file, await format(JSON.stringify(json), { ...(await resolveConfig(file)), filepath: file }));
  console.log(`\nwrote ${file}`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_TARGETS) return mainTargets(process.env.BENCH_TARGETS);
  // The console suite reports on its own (bench/results/latest-console.json); the rest is the server's.
  if (SUITES.delete('console')) await runConsoleSuite(COLD_RUNS);
  if (!SUITES.size) return;
  ensureWrk();
  build();
  const results: Record<string, DbResult> = {};
  const skipped: Record<string, string> = {};
  for (const [i, type] of DATABASES.entries()) {
    try {
      results[type] = await benchDatabase(type, i === 0);
    } catch (error) {
      if (type === 'sqlite' || !/ECONNREFUSED|ENOTFOUND|password|role|Access denied/i.test(String(error))) throw error;
      skipped[type] = String(error);
      console.warn(`[${type}] skipped: cannot reach the server (${String(error)}); set BENCH_PG_URL or BENCH_MARIADB_URL`);
    }
  }

  const rows = Object.entries(results).flatMap(([type, r]) => rowsFor(type as BenchDbType, r));
  const machine = `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, node ${process.version}`;
  console.log(`\nFilamenta vs bare node:http (${machine}; wrk -t${LOAD.threads} -c${LOAD.connections} -d${LOAD.durationS}s)\n`);
  console.log(formatTable(rows));
  for (const [type, r] of Object.entries(results)) {
    if (!r.infoLogging) continue;
    const { warn, info } = r.infoLogging;
    console.log(
      `\n[${type}] GET / on the bundle: ${Math.round(warn.rps)} req/s at LOG_LEVEL=warn, ${Math.round(info.rps)} req/s at info ` +
        `(${(info.rps / warn.rps).toFixed(2)}x; one JSON line per request)`,
    );
  }

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // A run of some suites only does not overwrite the full run's figures.
  const suites = [...SUITES].sort().join('-');
  const file = join(dir, suites === 'api-health' ? 'latest.json' : `latest-${suites}.json`);
  const json = {
    date: new Date().toISOString(),
    machine,
    options: { COLD_RUNS, ROUNDS, WARMUP, LOAD, SUITES: [...SUITES] },
    results,
    skipped,
    rows,
  };
  // Formatted as prettier would, so `prettier --check bench` stays clean.
  writeFileSync(file, await format(JSON.stringify(json), { parser: 'json' }));
  console.log(`\nwrote ${file}`);
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
try {
  await main();
} catch (error) {
  killAll();
  console.error(error);
  process.exitCode = 1;
}
