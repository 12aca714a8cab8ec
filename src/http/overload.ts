/**
 * Load shedding. A sampler measures, a few times a second, how late the event loop runs a timer and
 * how many requests wait for a pooled database connection, and for how long; past a threshold (OVERLOAD_*) the process
 * is overloaded, and until both stayed below for a calm moment every API request is answered 503
 * with `Retry-After` before any work is done. A request pays one flag read: the measuring is the
 * sampler's. The health probes are never refused (an orchestrator must see a busy process as alive).
 *
 *   const load = createLoadMonitor({ orm, overload: config.overload, logger });
 *   const refusal = overloadRefusal(load);
 *   app.use('/api/*', (c, next) => refusal(c) ?? next());
 */
import type { Context } from 'hono';

import type { OverloadConfig } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { Logger } from '../logger.ts';
import { problem } from './problem.ts';
import type { AppEnv } from './types.ts';

/** Why the process refuses work: its event loop is late, or requests queue for a database connection. */
type OverloadCause = 'event-loop' | 'database';

export interface LoadMonitor {
  /** The cause while overloaded, undefined otherwise. */
  readonly overloaded: OverloadCause | undefined;
  stop(): void;
}

/** Seconds a refused client is asked to wait. */
const OVERLOAD_RETRY_AFTER_S = 1;

/**
 * Samples every `sampleMs`; overloaded once `lateSamples` samples in a row are past a threshold, until
 * `calmMs` of samples below both (so that a refused client's retry does not land in the same burst).
 * One late sample is a stall, not a load: a start-up's migrations, a module loaded on first use or a
 * garbage collection hold the loop once, and the requests behind them are worth serving. An
 * overloaded loop is late at every sample.
 */
export function createLoadMonitor({
  orm,
  overload,
  logger,
  sampleMs = 50,
  calmMs = 500,
  lateSamples = 2,
}: {
  orm: Pick<Orm, 'poolStats'>;
  overload: OverloadConfig;
  logger: Logger;
  sampleMs?: number;
  calmMs?: number;
  lateSamples?: number;
}): LoadMonitor {
  const log = logger.child({ component: 'overload' });
  let cause: OverloadCause | undefined;
  let since = 0;
  let calmSince: number | undefined;
  let lateInARow = 0;
  let expected = performance.now() + sampleMs;

  const sample = () => {
    const now = performance.now();
    const lagMs = Math.max(0, now - expected);
    expected = now + sampleMs;
    const pool = orm.poolStats();
    const waiting = pool?.waiting ?? 0;
    lateInARow = overload.eventLoopDelayMs > 0 && lagMs > overload.eventLoopDelayMs ? lateInARow + 1 : 0;
    // A queue longer than the pool is normal when each request asks for two connections at once (a
    // list page and its count): it is an overload only once its head has waited too long.
    const queued = overload.dbWaiting > 0 && waiting > overload.dbWaiting && (pool?.longestWaitMs ?? 0) >= overload.dbWaitMs;
    const found: OverloadCause | undefined = lateInARow >= lateSamples ? 'event-loop' : queued ? 'database' : undefined;
    if (found) {
      calmSince = undefined;
      if (!cause) {
        since = now;
        log.warn(
          { cause: found, lagMs: Math.round(lagMs), waiting, longestWaitMs: pool?.longestWaitMs, thresholds: overload },
          'overloaded: refusing requests with 503',
        );
      }
      cause = found;
      return;
    }
    if (!cause) return;
    calmSince ??= now;
    if (now - calmSince < calmMs) return;
    log.info({ refusingForMs: Math.round(now - since) }, 'load back under the thresholds: serving again');
    cause = undefined;
  };
  const timer = setInterval(sample, sampleMs);
  // A process with nothing else to do exits; the sampler alone never keeps it up.
  timer.unref();

  return {
    get overloaded() {
      return cause;
    },
    stop: () => clearInterval(timer),
  };
}

/** The 503 + Retry-After answer while `load` is overloaded, otherwise undefined. Asked by the API's requests, not the probes'. */
export function overloadRefusal(load: LoadMonitor): (c: Context<AppEnv>) => Response | undefined {
  return (c) => {
    if (!load.overloaded) return undefined;
    return problem(c, {
      status: 503,
      detail: `The server is too busy to take this request now; retry after ${OVERLOAD_RETRY_AFTER_S} s`,
      headers: { 'Retry-After': String(OVERLOAD_RETRY_AFTER_S) },
    });
  };
}
