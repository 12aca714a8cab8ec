/**
 * `BENCH_SUITES=console`: what the console costs a person opening it.
 * - First load: the scripts and styles of the sign-in page (console/build.ts's manifest, after a
 *   fresh build), raw, gzipped and brotli as the app serves them, against the 150 KiB budget.
 * - Time to an interactive sign-in page in Chromium (/usr/bin/chromium, playwright-core): from the
 *   navigation's start to the frame where the sign-in form's button is there and enabled, read
 *   inside the page (performance.now(), polled on every animation frame). Cold: a fresh browser
 *   context, nothing cached; warm: a reload, the immutable assets from the cache. Medians of
 *   BENCH_COLD_RUNS, the server (the Node adapter, SQLite) on this machine's loopback.
 * Writes bench/results/latest-console.json. Reports only; nothing is asserted.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { format, resolveConfig } from 'prettier';
import { buildConsole, FIRST_LOAD_BUDGET, type ConsoleManifest } from '../console/build.ts';
import { median } from './report.ts';
import { startServer, stopServer } from './servers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Run inside the page (passed as a function: a string would be eval, which the console's CSP
 * refuses): performance.now() at the first frame the sign-in button is there and enabled.
 */
function ready(): number | false {
  const page = globalThis as unknown as { document: { querySelector(selector: string): { disabled: boolean } | null } };
  const button = page.document.querySelector('main form button[type=submit]');
  return button && !button.disabled ? performance.now() : false;
}

export interface ConsoleBenchResult {
  firstLoad: { files: number; bytes: number; gzip: number; br: number; budget: number };
  interactiveMs: { cold: number; warm: number; coldRuns: number[]; warmRuns: number[] };
}

function firstLoadSizes(manifest: ConsoleManifest): ConsoleBenchResult['firstLoad'] {
  const files = manifest.firstLoad.files.map((f) => manifest.files[f]);
  return {
    files: files.length,
    bytes: manifest.firstLoad.bytes,
    gzip: manifest.firstLoad.gzip,
    br: files.reduce((sum, f) => sum + (f.br ?? f.bytes), 0),
    budget: FIRST_LOAD_BUDGET,
  };
}

async function interactive(browser: Browser, url: string, runs: number): Promise<ConsoleBenchResult['interactiveMs']> {
  const coldRuns: number[] = [];
  const warmRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    coldRuns.push(Number(await (await page.waitForFunction(ready, undefined, { polling: 'raf' })).jsonValue()));
    await page.reload({ waitUntil: 'commit' });
    warmRuns.push(Number(await (await page.waitForFunction(ready, undefined, { polling: 'raf' })).jsonValue()));
    await context.close();
  }
  return { cold: median(coldRuns), warm: median(warmRuns), coldRuns, warmRuns };
}

/** Builds the console, serves it with the Node adapter on a fresh SQLite file, measures, and prints the figures. */
export async function benchConsole({ runs = 5 }: { runs?: number } = {}): Promise<ConsoleBenchResult> {
  const manifest = await buildConsole(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-bench-console-'));
  const server = await startServer({
    name: 'filamenta (console)',
    args: ['adapters/node.js'],
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(32).toString('base64url'),
      MIGRATE_ON_START: 'true',
      LOG_LEVEL: 'warn',
      DB_PATH: join(dir, 'bench.sqlite'),
    },
    logFile: join(dir, 'server.log'),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const result = { firstLoad: firstLoadSizes(manifest), interactiveMs: await interactive(browser, `${server.url}/admin/sign-in`, runs) };
    report(result);
    return result;
  } finally {
    await browser.close();
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r: ConsoleBenchResult): void {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const { firstLoad: f, interactiveMs: t } = r;
  console.log(`\nThe console (${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, node ${process.version}, Chromium)\n`);
  console.log(
    `first load of the sign-in page  ${f.files} files: ${kib(f.bytes)}, ${kib(f.gzip)} gzip, ${kib(f.br)} brotli (budget ${kib(f.budget)} gzip)`,
  );
  console.log(
    `interactive sign-in page        cold ${t.cold.toFixed(0)} ms, warm ${t.warm.toFixed(0)} ms (medians of ${t.coldRuns.length})`,
  );
}

/** The suite as bench/run.ts runs it: measure, then write bench/results/latest-console.json. */
export async function runConsoleSuite(runs: number): Promise<void> {
  const result = await benchConsole({ runs });
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest-console.json');
  const json = {
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}`,
    node: process.version,
    ...result,
  };
  // With the repository's prettier options, so `prettier --check .` stays clean.
  writeFileSync(file, await format(JSON.stringify(json), { ...(await resolveConfig(file)), filepath: file }));
  console.log(`\nwrote ${file}`);
}
