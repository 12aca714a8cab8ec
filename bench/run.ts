/**
 * `npm run bench`: the Node adapter's bundle against a bare node:http server on the same driver
 * (bench/bare-server.mjs), on SQLite, MariaDB and PostgreSQL, one database after the other. On each,
 * after the migrations (and the seed, when a suite needs it), the suites of bench/suites/ run in
 * order, sharing one app and one bare server; their resident memory is read after the last load.
 * Reports only; the aims are never asserted. bench/README.md explains every load and knob.
 *
 * BENCH_TARGETS=node,passenger,container,lambda (or all): instead, the per-target figures of
 * bench/targets.ts, written to bench/results/targets.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';

import { format } from 'prettier';

import { AIMS } from './aims.ts';
import { type BenchDbType, openBenchDatabase } from './databases.ts';
import { ensureWrk } from './load.ts';
import { describeMethod, OPTIONS } from './options.ts';
import { formatTable, type Row } from './report.ts';
import { seedBench } from './seed.ts';
import { killAll, rssBytes, type RunningServer, startServer, stopServer } from './servers.ts';
import type { Suite, SuiteContext } from './suite.ts';
import { selectSuites, SUITES } from './suites/index.ts';
import { mainTargets } from './targets.ts';
import { APP_ENV, build, migrate, ROOT, spec } from './variants.ts';

const MiB = 1024 * 1024;

interface DbResult {
  suites: Record<string, unknown>;
  rssBytes: { app: number; bare: number };
  rows: Row[];
  notes: string[];
}

async function benchDatabase(type: BenchDbType, suites: Suite[], first: boolean): Promise<DbResult> {
  const db = await openBenchDatabase(type);
  const running: RunningServer[] = [];
  const cpus = OPTIONS.pin?.server;
  const start = async (...args: Parameters<typeof spec>) => {
    const server = await startServer(spec(...args));
    running.push(server);
    return server;
  };
  let shared: Promise<{ app: RunningServer; bare: RunningServer }> | undefined;
  const servers = () =>
    (shared ??= (async () => ({
      app: await start('bundle', db, { cpus }),
      bare: await start('bare', db, { cpus }),
      baseline: OPTIONS.baseline ? await start('baseline', db, { cpus }) : undefined,
    }))());
  try {
    migrate(db);
    if (suites.some((s) => s.seeded)) {
      console.log(`[${type}] seeding the bench rows and an editor`);
      await seedBench({ ...APP_ENV, ...db.appEnv });
    }
    const context: SuiteContext = {
      type,
      db,
      options: OPTIONS,
      first,
      servers,
      start: (variant, options) => start(variant, db, { cpus, ...options }),
    };
    const out: DbResult = { suites: {}, rssBytes: { app: 0, bare: 0 }, rows: [], notes: [] };
    for (const suite of suites) {
      const result = await suite.run(context);
      out.suites[suite.name] = result.raw;
      out.rows.push(...result.rows);
      out.notes.push(...(result.notes ?? []));
    }
    const { app, bare } = await servers();
    out.rssBytes = { app: rssBytes(app.child.pid as number), bare: rssBytes(bare.child.pid as number) };
    out.rows.push({
      database: type,
      metric: 'RSS after load',
      app: out.rssBytes.app / MiB,
      bare: out.rssBytes.bare / MiB,
      unit: 'MiB',
      aim: AIMS.rss,
    });
    return out;
  } finally {
    for (const server of running) await stopServer(server);
    await db.cleanup();
  }
}

const machine = () => `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, node ${process.version}`;

async function main(): Promise<void> {
  if (process.env.BENCH_TARGETS) return mainTargets(process.env.BENCH_TARGETS, OPTIONS, machine());
  const suites = selectSuites(OPTIONS.suites);
  ensureWrk();
  build();
  const results: Record<string, DbResult> = {};
  const skipped: Record<string, string> = {};
  for (const [i, type] of OPTIONS.databases.entries()) {
    try {
      results[type] = await benchDatabase(type, suites, i === 0);
    } catch (error) {
      if (type === 'sqlite' || !/ECONNREFUSED|ENOTFOUND|password|role|Access denied/i.test(String(error))) throw error;
      skipped[type] = String(error);
      console.warn(`[${type}] skipped: cannot reach the server (${String(error)}); set BENCH_PG_URL or BENCH_MARIADB_URL`);
    }
  }

  const rows = Object.values(results).flatMap((r) => r.rows);
  console.log(`\nFilamenta vs bare node:http (${machine()}; ${describeMethod(OPTIONS)})\n`);
  console.log(formatTable(rows));
  for (const note of Object.values(results).flatMap((r) => r.notes)) console.log(`\n${note}`);

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // A run of some suites only does not overwrite the full run's figures.
  const names = suites.map((s) => s.name).sort();
  const all = SUITES.map((s) => s.name).sort();
  const file = join(dir, names.join('-') === all.join('-') ? 'latest.json' : `latest-${names.join('-')}.json`);
  const json = {
    date: new Date().toISOString(),
    machine: machine(),
    method: describeMethod(OPTIONS),
    options: OPTIONS,
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
