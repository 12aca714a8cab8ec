/**
 * The servers a database run compares: the app from its sources or its bundle, and the bare server
 * (bench/bare-server.mjs), each with the environment it needs on the bench database.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BenchDatabase } from './databases.ts';
import type { ServerSpec } from './servers.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type Variant = 'sources' | 'bundle' | 'bare' | 'baseline';
const ENTRY: Record<Variant, string> = {
  sources: 'adapters/node.js',
  bundle: 'dist/node.mjs',
  bare: 'bench/bare-server.mjs',
  // BENCH_BASELINE: another checkout's built bundle (the code before a change), measured in the same rounds.
  baseline: process.env.BENCH_BASELINE ?? '',
};

/** Production settings; `npm run db:migrate` builds the schema first, as a deployment would. */
export const APP_ENV = {
  NODE_ENV: 'production',
  DEPLOYMENT_TARGET: 'node',
  SECRET_KEY: randomBytes(32).toString('base64url'),
  LOG_LEVEL: 'warn',
  // Off, so the login load measures logins rather than 429s (the limiter's bookkeeping still runs).
  RATE_LIMIT_AUTH_PER_MINUTE: '0',
};
export const BASE_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  // The same Node options for every server of a run (the app, the baseline, the bare server): the
  // shipped configurations' `--max-semi-space-size=8`, for one (docs/deploy/memory.md).
  ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
};

export interface SpecOptions {
  /** Added to the app's environment (or the bare server's). */
  env?: Record<string, string>;
  /** Arguments to node before the entry file (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** `taskset -c` CPU list. */
  cpus?: string;
  /** Told apart in logs and messages. */
  label?: string;
}

/** How to start `variant` on `db`. */
export function spec(variant: Variant, db: BenchDatabase, { env = {}, nodeArgs = [], cpus, label }: SpecOptions = {}): ServerSpec {
  const base =
    variant === 'bare' ? { ...BASE_ENV, ...db.bareEnv, BARE_SECRET_KEY: APP_ENV.SECRET_KEY } : { ...BASE_ENV, ...APP_ENV, ...db.appEnv };
  const name = `${variant}${label ? ` (${label})` : ''} on ${db.type}`;
  const logFile = join(db.dir, `${variant}${label ? `-${label.replace(/\W+/g, '-')}` : ''}.log`);
  return { name, args: [...nodeArgs, ENTRY[variant]], env: { ...base, ...env }, cwd: ROOT, logFile, cpus };
}

/** `npm run db:migrate` on the bench database. */
export function migrate(db: BenchDatabase): void {
  const env = { ...BASE_ENV, ...APP_ENV, ...db.appEnv };
  const result = spawnSync(process.execPath, ['scripts/migrate.ts', 'up'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`npm run db:migrate failed on ${db.type}:\n${result.stdout}${result.stderr}`);
}

/** `npm run build`: the bundle the loads run against. */
export function build(): void {
  console.log('building the bundle (npm run build)');
  const result = spawnSync(process.execPath, ['esbuild.config.ts'], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`the build failed (${result.status ?? result.signal})`);
}
