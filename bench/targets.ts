/**
 * `BENCH_TARGETS=node,passenger,container,lambda npm run bench`: per deployment target, cold start to
 * the first ready response, resident memory, bundle size and throughput through the target's front
 * (Apache + Passenger, nginx), each beside a bare baseline measured in the same run: a bare node:http
 * app (bench/bare-server.mjs, the same driver) under the same Apache or nginx, a bare Lambda handler
 * with the same driver. SQLite for the servers, PostgreSQL for Lambda (production Lambda refuses
 * SQLite). Reports only; the aims are never asserted.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { format, resolveConfig } from 'prettier';

import { Apache, apacheProblem, createAppRoot, isAlive, type PassengerMount } from '../test/support/apache.ts';
import { readCompose } from '../test/support/compose.ts';
import { Nginx, renderTemplate, selfSignedCertificate } from '../test/support/nginx.ts';
import { AIMS } from './aims.ts';
import { type BenchDatabase, openBenchDatabase } from './databases.ts';
import { ensureWrk, type LoadOptions, runWrk } from './load.ts';
import { type BenchOptions, describeLoad } from './options.ts';
import { formatTable, median, type Row } from './report.ts';
import { cpuMs, freePort, rssBytes, type RunningServer, type ServerSpec, startServer, stopServer } from './servers.ts';
import { APP_ENV, build as buildBundles } from './variants.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;
const KiB = 1024;

export const TARGET_NAMES = ['node', 'passenger', 'container', 'lambda'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetOptions {
  coldRuns: number;
  warmup: LoadOptions;
  load: LoadOptions;
  secretKey: string;
  /** `taskset -c` CPUs for the Node servers and the Lambda probes (a pinned run); Passenger spawns its own. */
  serverCpus?: string;
}

/** Each target's figures, as rows for the table (`database` holds the target) and raw runs for the JSON. */
export interface TargetResult {
  rows: Row[];
  raw: Record<string, unknown>;
}

const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
const appEnv = (o: TargetOptions) => ({ NODE_ENV: 'production', SECRET_KEY: o.secretKey, LOG_LEVEL: 'warn' });

const row = (target: string, metric: string, app: number, bare: number, unit: string, aim?: Row['aim']): Row => ({
  database: target,
  metric,
  app,
  bare,
  unit,
  aim,
});

// ---------------------------------------------------------------------------------------------
// Bundle sizes

const STATIC_IMPORT = /(?:from\s*|import\s*)["'](\.\/[^"']+\.[cm]?js)["']/g;
const ANY_IMPORT = /(?:from\s*|import\s*\(?\s*)["'](\.\/[^"']+\.[cm]?js)["']/g;

/**
 * Bytes of the dist/ files a target loads from its launcher: at start ('start': what the launcher and
 * the adapter bundle import, and the chunks' static imports), or every chunk reachable ('shipped').
 */
export function bundleBytes(launcher: string, what: 'start' | 'shipped'): number {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // The launcher and the adapter's own bundle import() at start what they need (passenger.cjs
    // import()s the ESM app); in the chunks, import() is lazy (drivers, migrations).
    const atStart = file === join(ROOT, 'dist', launcher) || file.endsWith('.bundle.mjs');
    const pattern = what === 'shipped' || atStart ? ANY_IMPORT : STATIC_IMPORT;
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) visit(join(dirname(file), m[1]));
  };
  visit(join(ROOT, 'dist', launcher));
  return [...seen].reduce((sum, file) => sum + statSync(file).size, 0);
}

/** The bundle rows of a target: what its launcher loads at start and all it can load, beside the bare bundle. */
function bundleRows(target: string, launcher: string, bareBytes: number): Row[] {
  return [
    row(target, `bundle loaded at start (from dist/${launcher})`, bundleBytes(launcher, 'start') / KiB, bareBytes / KiB, 'KiB'),
    row(target, 'bundle shipped (every chunk it can import)', bundleBytes(launcher, 'shipped') / KiB, bareBytes / KiB, 'KiB'),
  ];
}

/** CommonJS packages (pg) bundled into ESM require() Node's built-ins. */
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** esbuild's one-file bundle of a bare baseline (its driver bundled too, better-sqlite3 left out). */
async function bareBundleBytes(entry: string, outDir: string): Promise<number> {
  const outfile = join(outDir, `${entry.replace(/\W/g, '_')}.mjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    // mysql2: the bare server's MariaDB path, which no target's baseline runs (SQLite and PostgreSQL only).
    external: ['better-sqlite3', 'pg-native', 'mysql2', 'mysql2/promise'],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'error',
  });
  return statSync(outfile).size;
}

// ---------------------------------------------------------------------------------------------
// Process helpers

/** Pids of the processes whose command line mentions `needle` (Passenger names the app root). */
function pidsMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(needle) && !cmdline.includes('Passenger core')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** GET until it answers 200; milliseconds from the first try. */
async function msToFirst200(url: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve(0));
      req.end();
    });
    if (status === 200) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last ${status})`);
    await sleep(5);
  }
}

interface Throughput {
  rps: number;
  p99Ms: number;
  errors: number;
  /** CPU time of the server's processes (`pids()`, read before and after) per request. */
  cpuUsPerRequest: number;
}

/** wrk's warm-up then the measured run: requests per second, and CPU per request of the processes `pids()` names. */
async function throughput(url: string, o: TargetOptions, pids: () => number[]): Promise<Throughput> {
  await runWrk(url, o.warmup);
  const cpu = () => pids().reduce((sum, pid) => sum + cpuMs(pid), 0);
  const before = cpu();
  const r = await runWrk(url, o.load);
  const cpuUsPerRequest = ((cpu() - before) * 1000) / r.requests;
  if (r.errors) console.warn(`  ! ${url}: ${r.errors} errors/non-2xx of ${r.requests}`);
  return { rps: r.rps, p99Ms: r.p99Ms, errors: r.errors, cpuUsPerRequest };
}

// ---------------------------------------------------------------------------------------------
// node and container: the bundle against the bare server, directly or behind nginx

/**
 * A Node server target: cold starts of `node dist/<launcher>` and the bare server, then both under
 * load through `front` (which returns the URL to load: the port itself, or a proxy before it).
 */
async function benchServer(
  target: 'node' | 'container',
  o: TargetOptions,
  work: string,
  extraEnv: Record<string, string>,
  front: { label: string; url(server: RunningServer): Promise<string>; close(): Promise<void> },
): Promise<TargetResult> {
  const db = await openBenchDatabase('sqlite');
  try {
    const launcher = `${target}.mjs`;
    const specs = nodeSpecs(db, o, `dist/${launcher}`);
    specs.app.env = { ...specs.app.env, ...extraEnv };
    const cold = await coldStartsOf(specs, o.coldRuns);
    const app = await startServer(specs.app);
    const bare = await startServer(specs.bare);
    try {
      const a = await throughput(`${await front.url(app)}/health/ready`, o, () => [app.child.pid as number]);
      const b = await throughput(`${await front.url(bare)}/health/ready`, o, () => [bare.child.pid as number]);
      const rss = { app: rssBytes(app.child.pid as number), bare: rssBytes(bare.child.pid as number) };
      const bundle = { app: bundleBytes(launcher, 'start'), bare: await bareBundleBytes('bench/bare-server.mjs', work) };
      return {
        rows: [
          row(target, 'cold start (spawn to /health/ready 200)', cold.app, cold.bare, 'ms', AIMS.bundleColdStart),
          row(target, 'RSS after load', rss.app / MiB, rss.bare / MiB, 'MiB', AIMS.rss),
          ...bundleRows(target, launcher, bundle.bare),
          row(target, `/health/ready req/s ${front.label}`, a.rps, b.rps, '/s'),
          row(target, `/health/ready CPU/request (the server process)`, a.cpuUsPerRequest, b.cpuUsPerRequest, 'us'),
        ],
        raw: { cold, rss, bundle, load: { app: a, bare: b } },
      };
    } finally {
      await stopServer(app);
      await stopServer(bare);
      await front.close();
    }
  } finally {
    await db.cleanup();
  }
}

const benchNode = (o: TargetOptions, work: string) =>
  benchServer('node', o, work, {}, { label: '(direct)', url: async (server) => server.url, close: async () => undefined });

function nodeSpecs(db: BenchDatabase, o: TargetOptions, entry: string): { app: ServerSpec; bare: ServerSpec } {
  return {
    app: {
      name: entry,
      args: [entry],
      env: { ...BASE_ENV, ...appEnv(o), ...db.appEnv, MIGRATE_ON_START: 'true' },
      cwd: ROOT,
      logFile: join(db.dir, 'app.log'),
      cpus: o.serverCpus,
    },
    bare: {
      name: 'bare',
      args: ['bench/bare-server.mjs'],
      env: { ...BASE_ENV, ...db.bareEnv },
      cwd: ROOT,
      logFile: join(db.dir, 'bare.log'),
      cpus: o.serverCpus,
    },
  };
}

/** Median spawn-to-ready of each spec, alternating, after one untimed start each (page and compile caches). */
async function coldStartsOf(specs: Record<'app' | 'bare', ServerSpec>, runs: number) {
  for (const spec of Object.values(specs)) await stopServer(await startServer(spec));
  const times: Record<'app' | 'bare', number[]> = { app: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    for (const key of ['app', 'bare'] as const) {
      const server = await startServer(specs[key]);
      times[key].push(server.readyMs);
      await stopServer(server);
    }
  }
  return { app: median(times.app), bare: median(times.bare), runs: times };
}

// ---------------------------------------------------------------------------------------------
// passenger: adapters/passenger.cjs and dist/passenger.cjs against a bare app, under one Apache

const PASSENGER_APPS = ['sources', 'bundle', 'bare'] as const;
type PassengerApp = (typeof PASSENGER_APPS)[number];

async function benchPassenger(o: TargetOptions, work: string): Promise<TargetResult> {
  const problem = apacheProblem();
  if (problem) throw new Error(problem);
  const dir = join(work, 'passenger');
  const roots: Record<PassengerApp, string> = {
    sources: createAppRoot(join(dir, 'apps', 'sources'), { dotEnv: { SECRET_KEY: o.secretKey } }),
    bundle: createAppRoot(join(dir, 'apps', 'bundle'), { dotEnv: { SECRET_KEY: o.secretKey }, build: true }),
    bare: bareAppRoot(join(dir, 'apps', 'bare')),
  };
  // Each app keeps its SQLite file in its own data/ folder (the account owns it).
  const mounts = PASSENGER_APPS.map((name): PassengerMount => ({
    url: name,
    appRoot: roots[name],
    startupFile: name === 'bundle' ? 'dist/passenger.cjs' : name === 'bare' ? 'bare.cjs' : 'adapters/passenger.cjs',
    env: (name === 'bare'
      ? { BARE_DB: 'sqlite', BARE_SQLITE_PATH: join(roots.bare, 'data', 'bare.sqlite') }
      : { NODE_ENV: 'production', LOG_LEVEL: 'warn', MIGRATE_ON_START: 'true', DB_TYPE: 'sqlite' }) as Record<string, string>,
    // Allowed to go away when idle (cPanel's LiteSpeed/Passenger setups do), one process each.
    directives: ['PassengerMinInstances 0'],
  }));
  const globals = ['PassengerPoolIdleTime 2', 'PassengerMaxInstancesPerApp 1'];
  const ready = (apache: Apache, app: PassengerApp) => apache.url(`/${app}/health/ready`);

  const afterStart: Record<PassengerApp, number[]> = { sources: [], bundle: [], bare: [] };
  const afterIdle: Record<PassengerApp, number[]> = { sources: [], bundle: [], bare: [] };
  const rss: Partial<Record<PassengerApp, number>> = {};
  const processes: Partial<Record<PassengerApp, number>> = {};
  const load: Partial<Record<PassengerApp, Throughput>> = {};
  // One untimed round (migrations, page cache, compile cache), then the timed ones.
  for (let round = 0; round <= o.coldRuns; round++) {
    const apacheDir = join(dir, `apache-${round}`);
    mkdirSync(apacheDir, { recursive: true });
    const apache = await Apache.start(apacheDir, mounts, globals);
    try {
      // The first request after Apache starts spawns the app; the order rotates so none is always first.
      const order = PASSENGER_APPS.map((_, i) => PASSENGER_APPS[(i + round) % PASSENGER_APPS.length]);
      for (const app of order) {
        const ms = await msToFirst200(ready(apache, app));
        if (round > 0) afterStart[app].push(ms);
      }
      if (round === 0) continue;
      // Idle kill: PassengerPoolIdleTime stops each process; the next request spawns it again.
      await untilGone(Object.values(roots));
      for (const app of order) afterIdle[app].push(await msToFirst200(ready(apache, app)));
      if (round === o.coldRuns) {
        for (const app of PASSENGER_APPS) {
          load[app] = await throughput(apache.url(`/${app}/health/ready`), o, () => pidsMentioning(roots[app]));
          const pids = pidsMentioning(roots[app]);
          processes[app] = pids.length;
          rss[app] = pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
        }
      }
    } finally {
      await apache.stop();
    }
  }
  const med = (runs: Record<PassengerApp, number[]>, app: PassengerApp) => median(runs[app]);
  const bundle = { sources: 0, bundle: bundleBytes('passenger.cjs', 'start'), bare: await bareBundleBytes('bench/bare-server.mjs', work) };
  const rows: Row[] = [];
  for (const app of ['bundle', 'sources'] as const) {
    const label = app === 'bundle' ? 'dist/passenger.cjs' : 'adapters/passenger.cjs';
    const aim = { kind: 'max', ratio: 1.5 } as const;
    rows.push(row('passenger', `cold start after Apache starts, ${label}`, med(afterStart, app), med(afterStart, 'bare'), 'ms', aim));
    rows.push(row('passenger', `cold start after an idle kill, ${label}`, med(afterIdle, app), med(afterIdle, 'bare'), 'ms', aim));
  }
  rows.push(row('passenger', 'RSS after load, dist/passenger.cjs', (rss.bundle ?? 0) / MiB, (rss.bare ?? 0) / MiB, 'MiB'));
  rows.push(...bundleRows('passenger', 'passenger.cjs', bundle.bare));
  rows.push(row('passenger', '/health/ready req/s through Apache, bundle', load.bundle?.rps ?? 0, load.bare?.rps ?? 0, '/s'));
  rows.push(row('passenger', '/health/ready req/s through Apache, sources', load.sources?.rps ?? 0, load.bare?.rps ?? 0, '/s'));
  const cpu = (app: PassengerApp) => load[app]?.cpuUsPerRequest ?? 0;
  rows.push(row('passenger', '/health/ready CPU/request (app processes), bundle', cpu('bundle'), cpu('bare'), 'us'));
  return { rows, raw: { afterStart, afterIdle, rss, processes, load, bundle } };
}

/** A bare app as Passenger runs it: a CommonJS startup file that import()s bench/bare-server.mjs. */
function bareAppRoot(root: string): string {
  mkdirSync(join(root, 'bench'), { recursive: true });
  cpSync(join(ROOT, 'bench/bare-server.mjs'), join(root, 'bench/bare-server.mjs'));
  // Passenger require()s the startup file and takes over listen().
  writeFileSync(join(root, 'bare.cjs'), "import('./bench/bare-server.mjs');\n");
  return createAppRoot(root);
}

/** Waits until no process runs from any of `roots` (Passenger's idle shutdown). */
async function untilGone(roots: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (roots.some((root) => pidsMentioning(root).some(isAlive))) {
    if (performance.now() > deadline) throw new Error(`Passenger did not stop the idle apps within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------
// container: `node dist/container.mjs` (the image's command) and the bare server, each behind nginx

/** The container's command behind deploy/nginx (TLS), one nginx per server. */
async function benchContainer(o: TargetOptions, work: string): Promise<TargetResult> {
  const tls = join(work, 'tls');
  await selfSignedCertificate(tls);
  const compose = readCompose().services.nginx.environment ?? {};
  const nginxes: Nginx[] = [];
  const url = async (server: RunningServer) => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const conf = renderTemplate({
      ...compose,
      RATE_LIMIT: '100000r/s',
      RATE_BURST: '100000',
      SERVER_NAME: 'localhost',
      UPSTREAM: `127.0.0.1:${server.port}`,
      BASE_PATH: '',
      BODY_LIMIT: '1m',
      LISTEN_HTTP: `127.0.0.1:${httpPort}`,
      LISTEN_HTTPS: `127.0.0.1:${httpsPort}`,
      TLS_DIR: tls,
      ACME_ROOT: work,
    });
    nginxes.push(await Nginx.start(conf, httpsPort));
    return `https://127.0.0.1:${httpsPort}`;
  };
  const close = async () => {
    for (const nginx of nginxes.splice(0)) await nginx.stop();
  };
  return benchServer('container', o, work, { TRUST_PROXY: 'loopback' }, { label: 'through nginx (TLS)', url, close });
}

// ---------------------------------------------------------------------------------------------
// lambda: dist/lambda.mjs against a bare pg handler, each in a fresh process per cold start

/** The child that imports a handler module, invokes it, and reports timings and memory as JSON. */
const LAMBDA_PROBE = `
const t0 = performance.now();
const { handler } = await import(process.argv[1]);
const event = (path) => ({ version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
  headers: { host: 'x.lambda-url.eu-west-3.on.aws', 'x-forwarded-proto': 'https' }, isBase64Encoded: false,
  requestContext: { stage: '$default', domainName: 'x.lambda-url.eu-west-3.on.aws',
    http: { method: 'GET', path, sourceIp: '203.0.113.1' } } });
const first = await handler(event('/health/ready'), { awsRequestId: 'cold' });
const coldMs = performance.now();
if (first.statusCode !== 200) { console.log(JSON.stringify({ error: first.statusCode + ' ' + first.body })); process.exit(1); }
let n = 0;
const cpu0 = process.cpuUsage();
const until = performance.now() + Number(process.argv[2]);
while (performance.now() < until) { await handler(event('/health/ready'), { awsRequestId: 'warm' + n }); n++; }
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ coldMs, importMs: performance.now() - t0, invocationsPerS: n / (Number(process.argv[2]) / 1000),
  cpuUsPerInvocation: n ? (cpu.user + cpu.system) / n : 0, rss: process.memoryUsage().rss }));
process.exit(0);
`;

/** A bare Lambda handler: the pg driver, a pool of one, `select 1`, no framework. */
const BARE_LAMBDA = `import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
export async function handler() {
  await pool.query('select 1 as one');
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'ready' }) };
}
`;

interface LambdaRun {
  coldMs: number;
  invocationsPerS: number;
  cpuUsPerInvocation: number;
  rss: number;
}

function runLambdaProbe(module: string, env: Record<string, string>, loadMs: number, cacheDir: string, cpus?: string): LambdaRun {
  const args = ['--input-type=module', '-e', LAMBDA_PROBE, module, String(loadMs)];
  const [command, argv] = cpus ? ['taskset', ['-c', cpus, process.execPath, ...args]] : [process.execPath, args];
  const result = spawnSync(command, argv, {
    cwd: ROOT,
    env: { ...BASE_ENV, ...env, NODE_COMPILE_CACHE: cacheDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  const parsed = line ? (JSON.parse(line) as LambdaRun & { error?: string }) : undefined;
  if (result.status !== 0 || !parsed || parsed.error)
    throw new Error(`the Lambda probe of ${module} failed: ${parsed?.error ?? ''}\n${result.stderr}`);
  return parsed;
}

async function benchLambda(o: TargetOptions, work: string): Promise<TargetResult> {
  const db = await openBenchDatabase('postgresql');
  try {
    const bareDir = join(work, 'bare-lambda');
    mkdirSync(bareDir, { recursive: true });
    writeFileSync(join(bareDir, 'handler.mjs'), BARE_LAMBDA);
    await build({
      entryPoints: [join(bareDir, 'handler.mjs')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: join(bareDir, 'bundle.mjs'),
      external: ['pg-native'],
      nodePaths: [join(ROOT, 'node_modules')],
      banner: { js: REQUIRE_BANNER },
      logLevel: 'error',
    });
    const modules = { app: join(ROOT, 'dist/lambda.mjs'), bare: join(bareDir, 'bundle.mjs') };
    const env = {
      app: { ...appEnv(o), ...db.appEnv, AWS_LAMBDA_FUNCTION_NAME: 'filamenta-bench' },
      bare: { DATABASE_URL: db.appEnv.DATABASE_URL },
    };
    // Untimed: the app's migrations (MIGRATE_ON_START) and the page cache.
    runLambdaProbe(modules.app, { ...env.app, MIGRATE_ON_START: 'true' }, 0, mkdtempSync(join(work, 'cc-')), o.serverCpus);
    const runs: Record<'app' | 'bare', LambdaRun[]> = { app: [], bare: [] };
    for (let i = 0; i < o.coldRuns; i++) {
      // A new execution environment has no compile cache.
      for (const key of ['app', 'bare'] as const)
        runs[key].push(
          runLambdaProbe(
            modules[key],
            env[key],
            i === o.coldRuns - 1 ? o.load.durationS * 1000 : 0,
            mkdtempSync(join(work, 'cc-')),
            o.serverCpus,
          ),
        );
    }
    const cold = { app: median(runs.app.map((r) => r.coldMs)), bare: median(runs.bare.map((r) => r.coldMs)) };
    const last = { app: runs.app[runs.app.length - 1], bare: runs.bare[runs.bare.length - 1] };
    const bundle = { app: bundleBytes('lambda.mjs', 'start'), bare: statSync(modules.bare).size };
    return {
      rows: [
        row('lambda', 'cold start (node start to first /health/ready)', cold.app, cold.bare, 'ms', AIMS.lambdaColdStart),
        row('lambda', 'RSS after invocations', last.app.rss / MiB, last.bare.rss / MiB, 'MiB'),
        ...bundleRows('lambda', 'lambda.mjs', bundle.bare),
        row('lambda', 'warm invocations/s, in process', last.app.invocationsPerS, last.bare.invocationsPerS, '/s'),
        row('lambda', 'warm invocation CPU, in process', last.app.cpuUsPerInvocation, last.bare.cpuUsPerInvocation, 'us'),
      ],
      raw: { runs, cold, bundle },
    };
  } finally {
    await db.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------

const BENCHES: Record<TargetName, (o: TargetOptions, work: string) => Promise<TargetResult>> = {
  node: benchNode,
  passenger: benchPassenger,
  container: benchContainer,
  lambda: benchLambda,
};

/** Parses BENCH_TARGETS ("all" or a comma list), refusing unknown names. */
export function parseTargets(value: string): TargetName[] {
  const names = value === 'all' ? [...TARGET_NAMES] : value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(TARGET_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`BENCH_TARGETS: unknown target(s) ${unknown.join(', ')}; use ${TARGET_NAMES.join(',')} or all`);
  return names as TargetName[];
}

/** Runs the named targets one after the other; a temporary folder holds everything they write. */
export async function benchTargets(names: TargetName[], options: TargetOptions): Promise<Record<string, TargetResult>> {
  const work = mkdtempSync(join(tmpdir(), 'filamenta-bench-targets-'));
  chmodSync(work, 0o755); // Passenger runs the apps as another account
  const results: Record<string, TargetResult> = {};
  const failed: string[] = [];
  try {
    for (const name of names) {
      console.log(`\n[${name}] measuring`);
      try {
        results[name] = await BENCHES[name](options, work);
      } catch (error) {
        // One target that cannot run (no Apache, no PostgreSQL) does not lose the others' figures.
        console.error(`[${name}] failed: ${String(error)}`);
        failed.push(name);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
  if (failed.length) process.exitCode = 1;
  return results;
}

/** BENCH_TARGETS: each deployment target beside its bare baseline, in one run; written to bench/results/targets.json. */
export async function mainTargets(value: string, options: BenchOptions, machine: string): Promise<void> {
  const names = parseTargets(value);
  ensureWrk();
  buildBundles();
  const { coldRuns, warmup, load } = options;
  const results = await benchTargets(names, { coldRuns, warmup, load, secretKey: APP_ENV.SECRET_KEY, serverCpus: options.pin?.server });
  const rows = Object.values(results).flatMap((r) => r.rows);
  const method = describeLoad(load, options.pin);
  console.log(`\nFilamenta per target vs bare baselines (${machine}; ${method})\n`);
  console.log(formatTable(rows).replace(/^database/, 'target  '));
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'targets.json');
  const raw = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.raw]));
  const json = { date: new Date().toISOString(), machine, method, options: { coldRuns, warmup, load }, rows, raw };
  // With the repository's prettier options (printWidth), so `prettier --check .` stays clean.
  writeFileSync(file, await format(JSON.stringify(json), { ...(await resolveConfig(file)), filepath: file }));
  console.log(`\nwrote ${file}`);
}
