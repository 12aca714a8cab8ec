/** What every transaction of the app may need around it, whatever the module. */
import { DeadlockException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * Whether the database refused `error`'s transaction because a concurrent one won, so that running it
 * again, from its first read, may succeed: a deadlock victim (MariaDB/MySQL: the gap locks of an
 * UPDATE or of a unique index can make two transactions on one account wait for each other), or on
 * SQLite a read snapshot that another connection's commit made stale (SQLITE_BUSY_SNAPSHOT: in WAL
 * mode a transaction that read before that commit may not write after it).
 */
function lostToConcurrentTransaction(error: unknown): boolean {
  if (error instanceof DeadlockException) return true;
  const e = error as { code?: unknown; errcode?: unknown } | null;
  return e?.code === 'SQLITE_BUSY_SNAPSHOT' || e?.errcode === 517;
}

/** Runs `transaction`, again (up to `attempts` times in all) when a concurrent transaction made it fail; it then sees what the other committed. */
export async function retryTransaction<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!lostToConcurrentTransaction(error) || attempt >= attempts) throw error;
    }
  }
}

/**
 * A transaction for writes that go straight to the database (`em.insert`, `em.nativeUpdate`) and
 * never through the unit of work: the connection's own BEGIN and COMMIT around a fresh fork bound to
 * them. `em.transactional()` adds what those writes never use, at a cost a short write pays on every
 * request: a second fork, transaction events, a flush of an empty unit of work and the merge of the
 * fork back. Anything persisted through the unit of work inside `work` would not be flushed: use
 * `em.transactional()` for that.
 */
export async function insertTransaction<T>(em: SqlEntityManager, work: (tx: SqlEntityManager) => Promise<T>): Promise<T> {
  const tx = em.fork();
  return em.getConnection('write').transactional(async (ctx) => {
    tx.setTransactionContext(ctx);
    try {
      return await work(tx);
    } finally {
      tx.resetTransactionContext();
    }
  });
}
