/**
 * What the root error handler does with an error no route expected. A database that cannot be
 * reached is a state, not a bug: 503 with Retry-After, one warning when the outage starts and one
 * line when the database answers again. Anything else is a 500; its stack is logged the first time
 * its signature is seen in a minute, and the repeats are counted, so that a flood of the same
 * failure writes one stack, not one per request.
 */
import type { Context } from 'hono';

import type { Orm } from '../db/orm.ts';
import { isDatabaseOutage, isMissingTable, outageReason } from '../db/outage.ts';
import type { Logger } from '../logger.ts';
import { problem, PROBLEM_TYPES } from './problem.ts';
import type { AppEnv } from './types.ts';

/** Seconds a client is asked to wait during an outage. */
const OUTAGE_RETRY_AFTER_S = 5;
/** While the database is out, a request checks at most this often whether it is back. */
const RETURN_CHECK_MS = 1000;
/** A repeated unexpected error logs its stack again after this long. */
const REPEAT_WINDOW_MS = 60_000;
/** Signatures remembered at once; a flood of distinct ones is not worth more memory. */
const MAX_SIGNATURES = 200;

export interface Failures {
  /** The answer to an error nothing else handled; logs it as described above. */
  answer(error: unknown, c: Context<AppEnv>): Response;
  /** Called for every request: while the database is out, a request now and then checks whether it is back. */
  noticeRequest(): void;
}

export function createFailures({
  orm,
  logger,
  repeatWindowMs = REPEAT_WINDOW_MS,
}: {
  orm: Orm;
  logger: Logger;
  repeatWindowMs?: number;
}): Failures {
  const log = logger.child({ component: 'errors' });
  let outageSince: number | undefined;
  let notInstalledSaid: number | undefined;
  let checking = false;
  let lastCheck = 0;
  const seen = new Map<string, { since: number; repeats: number }>();

  const checkForReturn = () => {
    if (checking || Date.now() - lastCheck < RETURN_CHECK_MS) return;
    checking = true;
    lastCheck = Date.now();
    void orm
      .ping()
      .then((ping) => {
        if (!ping.ok || outageSince === undefined) return;
        log.info({ downForMs: Date.now() - outageSince }, 'database reachable again');
        outageSince = undefined;
      })
      .finally(() => (checking = false));
  };

  const unexpected = (error: unknown, c: Context<AppEnv>) => {
    const signature = signatureOf(error);
    const now = Date.now();
    const entry = seen.get(signature);
    if (entry && now - entry.since < repeatWindowMs) {
      entry.repeats++;
      return;
    }
    if (seen.size >= MAX_SIGNATURES) seen.delete(seen.keys().next().value as string);
    const fresh = { since: now, repeats: 0 };
    // The count of repeats is written when the window closes, if there were any.
    setTimeout(() => {
      if (seen.get(signature) === fresh) seen.delete(signature);
      if (fresh.repeats) log.error({ signature, repeats: fresh.repeats, windowMs: repeatWindowMs }, 'unhandled error repeated');
    }, repeatWindowMs).unref();
    seen.set(signature, fresh);
    (c.var.log ?? logger).error({ err: error, requestId: c.var.requestId, signature }, 'unhandled error');
  };

  return {
    answer(error, c) {
      if (isDatabaseOutage(error)) {
        if (outageSince === undefined) {
          outageSince = Date.now();
          lastCheck = outageSince;
          log.warn({ reason: outageReason(error), requestId: c.var.requestId }, 'database unavailable: answering 503 until it returns');
        }
        return problem(c, {
          status: 503,
          detail: 'The database is unavailable. Retry later.',
          headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_S) },
        });
      }
      if (isMissingTable(error)) {
        // Not a bug of the request: the database is not installed yet. Said once per window, as an outage is.
        if (!notInstalledSaid || Date.now() - notInstalledSaid > repeatWindowMs) {
          notInstalledSaid = Date.now();
          log.warn({ err: error, requestId: c.var.requestId }, 'a table is missing: the migrations have not run on this database');
        }
        return problem(c, {
          status: 503,
          type: PROBLEM_TYPES.notInstalled,
          detail: 'The database has no tables yet: install first (the console at /admin, or npm run db:migrate).',
        });
      }
      unexpected(error, c);
      return problem(c, { status: 500, detail: 'An unexpected error occurred. Quote the request id when reporting it.' });
    },
    noticeRequest: () => {
      if (outageSince !== undefined) checkForReturn();
    },
  };
}

/** The error's kind and where it was thrown: the same failure from any request has the same signature. */
function signatureOf(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; stack?: unknown };
  const frame = typeof e?.stack === 'string' ? /\n\s+at (.+)/.exec(e.stack)?.[1] : undefined;
  return [typeof e?.name === 'string' ? e.name : typeof error, typeof e?.code === 'string' ? e.code : '', frame ?? ''].join(' ');
}
