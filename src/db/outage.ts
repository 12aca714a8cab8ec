/**
 * Which errors mean "the database cannot be reached right now" rather than "this request or this
 * code is wrong": one place for every driver's way of saying it, so that an outage is answered 503
 * with Retry-After instead of 500, and logged once instead of once per request.
 */
import { ConnectionException, TableNotFoundException } from '@mikro-orm/core';

/** Error codes of lost or refused connections: Node's sockets, mysql2, our pool, SQLite's lock. */
const CODES = new Set([
  // The network or the server went away (Node sockets, pg and mysql2 pass them on).
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // mysql2 / MariaDB: the server closed the connection, a handshake or query timed out, too many connections.
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  // src/db/pool.ts: no pooled connection within DB_POOL_ACQUIRE_TIMEOUT_MS.
  'POOL_ACQUIRE_TIMEOUT',
  // better-sqlite3: still locked after busy_timeout.
  'SQLITE_BUSY',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down), 53300 too_many_connections.
 */
const PG_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** What drivers say without a code: pg's pool and client, mysql2 on a closed connection, Kysely after destroy. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is in closed state|Pool is closed|driver has already been destroyed|database is locked/i;

/** SQLite's result code for SQLITE_BUSY, as node:sqlite reports it (`errcode`). */
const SQLITE_BUSY = 5;

interface DriverError {
  code?: unknown;
  errcode?: unknown;
  fatal?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** True when `error` (or one of its causes) says the database is out of reach, not that the request is wrong. */
export function isDatabaseOutage(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as DriverError).cause, depth++) {
    if (e instanceof ConnectionException) return true;
    const { code, errcode, fatal, message } = e as DriverError;
    if (typeof code === 'string' && (CODES.has(code) || PG_STATES.test(code))) return true;
    // node:sqlite: ERR_SQLITE_ERROR with SQLite's own result code (extended codes keep it in the low byte).
    if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' && (errcode & 0xff) === SQLITE_BUSY) return true;
    // mysql2 marks the errors after which a connection is unusable.
    if (fatal === true && typeof code === 'string') return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
  }
  return false;
}

/** A short reason for the log: the code and the first line of the message, nothing that could carry a password. */
export function outageReason(error: unknown): string {
  const e = error as DriverError;
  const message = String(e?.message ?? error).split('\n')[0];
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

/**
 * Whether `error` says a table the app needs does not exist: a database the migrations have not
 * run on yet (before the install), whichever path the query took (MikroORM converts it; the typed
 * reads of `read.ts` pass the driver's own error on).
 */
export function isMissingTable(error: unknown): boolean {
  if (error instanceof TableNotFoundException) return true;
  const e = error as { code?: unknown; errno?: unknown; message?: unknown } | null;
  if (e?.code === '42P01' || e?.code === 'ER_NO_SUCH_TABLE' || e?.errno === 1146) return true;
  return typeof e?.message === 'string' && /^no such table: /.test(e.message);
}
