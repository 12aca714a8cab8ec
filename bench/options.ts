/**
 * The bench's knobs, read once from the environment; bench/README.md describes each. Only the bench
 * scripts import this file.
 */
import type { BenchDbType } from './databases.ts';
import type { LoadOptions } from './load.ts';

const int = (name: string, fallback: number) => Number.parseInt(process.env[name] ?? '', 10) || fallback;
const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Where the server and the load generator run, when pinned: CPU lists as `taskset -c` takes them. */
export interface Pinning {
  server: string;
  load: string;
}

/**
 * BENCH_PIN=1 puts the server on CPU 0 and wrk on CPU 1 (a two-core machine); BENCH_PIN=0-1/2-3 names
 * both lists. Unset or 0: no pinning.
 */
export function parsePin(value: string | undefined): Pinning | undefined {
  if (!value || value === '0') return undefined;
  if (value === '1') return { server: '0', load: '1' };
  const match = /^([\d,-]+)\/([\d,-]+)$/.exec(value);
  if (!match) throw new Error(`BENCH_PIN=${value}: use 1 (server on CPU 0, wrk on CPU 1) or <server cpus>/<wrk cpus>, e.g. 0/1`);
  return { server: match[1], load: match[2] };
}

export const PIN = parsePin(process.env.BENCH_PIN);

/** Pinned, wrk has one core: one thread, 32 connections (the method); otherwise 2 threads, 50 connections. */
const loadShape = PIN ? { threads: 1, connections: 32, cpus: PIN.load } : { threads: 2, connections: 50 };

export const OPTIONS = {
  databases: list('BENCH_DATABASES', 'sqlite,mariadb,postgresql') as BenchDbType[],
  suites: list('BENCH_SUITES', 'health,api,processes,console'),
  /** Substrings of load labels to run (`BENCH_LOADS=slug,POST`); empty: every load of the suites. */
  loads: list('BENCH_LOADS', ''),
  /** Another checkout's built `dist/node.mjs`, measured beside the app in the same rounds (before/after a change). */
  baseline: process.env.BENCH_BASELINE || undefined,
  coldRuns: int('BENCH_COLD_RUNS', 5),
  /** Load rounds, each app then bare; the median round is kept. Pinned runs default to 3. */
  rounds: int('BENCH_ROUNDS', PIN ? 3 : 1),
  warmup: { ...loadShape, durationS: int('BENCH_WARMUP_S', 1) } satisfies LoadOptions,
  load: { ...loadShape, durationS: int('BENCH_DURATION_S', 5) } satisfies LoadOptions,
  pin: PIN,
};

export type BenchOptions = typeof OPTIONS;

/** Whether a load (or a cold-start measurement) is part of this run: BENCH_LOADS names substrings of labels. */
export function selected(options: Pick<BenchOptions, 'loads'>, label: string): boolean {
  return !options.loads.length || options.loads.some((part) => label.includes(part));
}

/** wrk's shape and where things ran, e.g. "wrk -t1 -c32 -d5s, server on CPU 0, wrk on CPU 1". */
export function describeLoad(load: LoadOptions, pin: Pinning | undefined): string {
  const where = pin ? `, server on CPU ${pin.server}, wrk on CPU ${pin.load}` : '';
  return `wrk -t${load.threads} -c${load.connections} -d${load.durationS}s${where}`;
}

/** One line for the table's title: the load, where things ran, the rounds. */
export function describeMethod(o: BenchOptions): string {
  return `${describeLoad(o.load, o.pin)}, median of ${o.rounds} alternating round${o.rounds > 1 ? 's' : ''}`;
}
