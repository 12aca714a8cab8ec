/**
 * `npm run bench:profile`: where the app's CPU goes under a load, by package, by step of a request
 * and by function, beside the bare server's. The bundle (dist/node.mjs, as deployed) runs under
 * `--cpu-prof` on a seeded bench database while wrk sends the load (by default the random-slug read
 * on SQLite), then the bare server takes the same load under the same profiler. Only the samples
 * taken during the measured run count (not start-up, not the warm-up), mapped to the original files
 * through the bundle's source maps. The profiles are kept in bench/results/ for Chrome DevTools
 * (Performance > Load profile); `node bench/profile.ts <file.cpuprofile>` prints a kept one again.
 *
 * Knobs: BENCH_PROFILE_DB=sqlite (or mariadb, postgresql)  BENCH_PROFILE_PATH=/api/v1/content/bench-item-{r}
 * BENCH_PROFILE_RANGE=1:10000 (what {r} is drawn from)  BENCH_PROFILE_POST=1 (the bench's content creation
 * instead: POST /api/v1/content with an editor's token, the body of `npm run bench`)  BENCH_PROFILE_ENTRY=bundle (or sources)
 * BENCH_PROFILE_INTERVAL_US=200  BENCH_PROFILE_TOP=30  BENCH_DURATION_S (10 here)  BENCH_WARMUP_S  BENCH_PIN
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { analyseProfile, formatAnalysis, loadProfile } from './cpu-profile.ts';
import { type BenchDbType, openBenchDatabase } from './databases.ts';
import { ensureWrk, runWrk, type WrkRequest } from './load.ts';
import { describeLoad, OPTIONS } from './options.ts';
import { CONTENT_ROWS, seedBench } from './seed.ts';
import { cpuMs, idle, killAll, type RunningServer, startServer, stopServer } from './servers.ts';
import { accessToken, CONTENT_BODY } from './suites/api.ts';
import { APP_ENV, build, migrate, ROOT, spec, type Variant } from './variants.ts';

const env = process.env;
const DATABASE = (env.BENCH_PROFILE_DB ?? 'sqlite') as BenchDbType;
const POST = env.BENCH_PROFILE_POST === '1';
const PATH = env.BENCH_PROFILE_PATH ?? (POST ? '/api/v1/content' : '/api/v1/content/bench-item-{r}');
const RANGE = (env.BENCH_PROFILE_RANGE ?? `1:${CONTENT_ROWS}`).split(':').map(Number) as [number, number];
const ENTRY: Variant = env.BENCH_PROFILE_ENTRY === 'sources' ? 'sources' : 'bundle';
const INTERVAL_US = Number(env.BENCH_PROFILE_INTERVAL_US ?? 200);
const TOP = Number(env.BENCH_PROFILE_TOP ?? 30);
const LOAD = { ...OPTIONS.load, durationS: Number(env.BENCH_DURATION_S ?? 10) };
let request: WrkRequest = { range: RANGE };

/** CPU microseconds per request and throughput of one measured run, with the monotonic clock around it. */
async function loadOnce(server: RunningServer) {
  const url = server.url + PATH;
  const pid = server.child.pid as number;
  await runWrk(url, OPTIONS.warmup, request);
  await idle(pid);
  const cpuBefore = cpuMs(pid);
  const from = process.hrtime.bigint();
  const result = await runWrk(url, LOAD, request);
  const to = process.hrtime.bigint();
  if (result.errors) console.warn(`  ! ${server.spec.name}: ${result.errors} errors/non-2xx of ${result.requests}`);
  return { ...result, cpuUsPerRequest: ((cpuMs(pid) - cpuBefore) * 1000) / result.requests, windowUs: [from / 1000n, to / 1000n] as const };
}

async function main(): Promise<void> {
  ensureWrk();
  if (ENTRY === 'bundle') build();
  const db = await openBenchDatabase(DATABASE);
  const profileDir = join(db.dir, 'profile');
  const running: RunningServer[] = [];
  try {
    migrate(db);
    console.log(`[${DATABASE}] seeding the bench rows and an editor`);
    await seedBench({ ...APP_ENV, ...db.appEnv });
    const cpus = OPTIONS.pin?.server;
    const profiled = async (variant: Variant) => {
      const dir = join(profileDir, variant);
      const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${INTERVAL_US}`];
      const server = await startServer(spec(variant, db, { nodeArgs, cpus, label: 'profiled' }));
      running.push(server);
      // The app signs the token; the bare server checks the same signature.
      if (POST && !request.authorization)
        request = { method: 'POST', body: CONTENT_BODY, authorization: `Bearer ${await accessToken(server)}` };
      console.log(`[${DATABASE}] ${variant} under --cpu-prof: ${request.method ?? 'GET'} ${PATH} (${describeLoad(LOAD, OPTIONS.pin)})`);
      const run = await loadOnce(server);
      await stopServer(server, 15_000); // SIGTERM: the server exits and Node writes the profile
      const file = await profileFile(dir);
      return { run, file, analysis: analyseProfile(loadProfile(file), { windowUs: run.windowUs, requests: run.requests, root: ROOT }) };
    };
    const app = await profiled(ENTRY);
    const bare = await profiled('bare');
    const summary = (name: string, r: typeof app.run) =>
      `${name}: ${r.requests} requests in ${LOAD.durationS} s, ${Math.round(r.rps)} req/s, ${r.cpuUsPerRequest.toFixed(1)} us CPU/request`;
    console.log(`\n${summary(`app (${ENTRY})`, app.run)}\n${summary('bare', bare.run)}`);
    console.log('(process CPU under the profiler, its sampling thread included; the tables count the main thread only)\n');
    console.log(`== app\n${formatAnalysis(app.analysis, TOP)}`);
    console.log(`\n== bare server\n${formatAnalysis(bare.analysis, Math.ceil(TOP / 2))}`);
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    for (const [name, { file, run }] of Object.entries({ app, bare })) {
      const kept = join(dir, `profile-${DATABASE}-${name}.cpuprofile`);
      copyFileSync(file, kept);
      // What `node bench/profile.ts <file>` needs to analyse it again.
      writeFileSync(`${kept}.json`, JSON.stringify({ windowUs: run.windowUs.map(String), requests: run.requests }));
      console.log(`wrote ${kept}`);
    }
  } finally {
    for (const server of running) await stopServer(server);
    await db.cleanup();
  }
}

/** The .cpuprofile Node writes at exit. */
async function profileFile(dir: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const name = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (name) return join(dir, name);
    await sleep(100);
  }
  throw new Error(`no .cpuprofile in ${dir}: did the app exit cleanly on SIGTERM?`);
}

/** `node bench/profile.ts <file.cpuprofile>`: the tables again from a kept profile (the source maps of dist/ must still match). */
function analyseKept(file: string): void {
  const { windowUs, requests } = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { windowUs: [string, string]; requests: number };
  const analysis = analyseProfile(loadProfile(file), { windowUs: [BigInt(windowUs[0]), BigInt(windowUs[1])], requests, root: ROOT });
  console.log(formatAnalysis(analysis, TOP));
}

process.once('exit', killAll);
try {
  if (process.argv[2]) analyseKept(process.argv[2]);
  else await main();
} catch (error) {
  killAll();
  console.error(error);
  process.exitCode = 1;
}
