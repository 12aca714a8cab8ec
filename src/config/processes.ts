/**
 * How the Node server uses the machine: how many processes serve the port (WEB_CONCURRENCY), and
 * when a process refuses work it could not do in time (OVERLOAD_*).
 */
import { availableParallelism } from 'node:os';

import { makeValidator } from 'envalid';

import type { Target } from './choices.ts';
import type { CleanEnv } from './specs.ts';
import { ConfigIssue } from './validators.ts';

export interface ProcessConfig {
  /** Processes serving the port: 1 is this process alone; more is a primary and that many workers. */
  webConcurrency: number;
  overload: OverloadConfig;
}

export interface OverloadConfig {
  /** Event-loop lag (ms) past which requests are refused with 503; 0 turns the check off. */
  eventLoopDelayMs: number;
  /** Requests waiting for a pooled database connection past which requests are refused; 0 turns the check off. */
  dbWaiting: number;
  /** ...and only while the one waiting longest has waited more than this (ms): a long queue that moves is not an overload. */
  dbWaitMs: number;
}

/** Targets whose platform starts and stops the processes itself: forking there would fight it. */
const PLATFORM_MANAGED: Partial<Record<Target, string>> = {
  cpanel: 'Passenger starts and stops the processes itself (PassengerMinInstances / PassengerMaxPoolSize)',
  lambda: 'Lambda runs one request per execution environment and scales them itself',
};

/** `auto` (this machine's cores, `os.availableParallelism()`) or a whole number, 1 or more. */
export const webConcurrency = makeValidator<number>((input) => {
  const value = input.trim().toLowerCase();
  if (value === 'auto') return availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new ConfigIssue(
      `invalid value "${input}": expected a number of processes, 1 or more, or auto (the available cores: ${availableParallelism()} here)`,
    );
  return Number(value);
});

export function buildProcessConfig(env: CleanEnv, target: Target, poolMax: number, warnings: string[]): ProcessConfig {
  let processes = env.WEB_CONCURRENCY;
  const managed = PLATFORM_MANAGED[target];
  if (managed && processes > 1) {
    warnings.push(`WEB_CONCURRENCY=${processes} is ignored on the ${target} target: ${managed}`);
    processes = 1;
  }
  const cores = availableParallelism();
  if (processes > 2 * cores)
    warnings.push(`WEB_CONCURRENCY=${processes} is more than twice the ${cores} available cores: the processes will compete for them`);
  // A Lambda environment takes one request at a time and is frozen between them: a thawed timer
  // would read the frozen time as lag. Lambda's own concurrency limits are its load shedding.
  const shed = target !== 'lambda';
  return {
    webConcurrency: processes,
    overload: {
      eventLoopDelayMs: shed ? env.OVERLOAD_EVENT_LOOP_DELAY_MS : 0,
      dbWaiting: shed ? (env.OVERLOAD_DB_WAITING ?? 4 * poolMax) : 0,
      dbWaitMs: env.OVERLOAD_DB_WAIT_MS,
    },
  };
}
