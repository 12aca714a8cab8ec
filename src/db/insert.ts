/**
 * INSERT statements of fixed columns for the hot writes, written once and run on a transaction's
 * connection. `em.insert` builds a QueryBuilder, maps every property through the entity metadata
 * and renames the keys on each call: about a tenth of a content creation's CPU for its two rows.
 * Here only the values change per call, and they are written as `em.insert` writes them: dates
 * through the platform (SQLite keeps epoch milliseconds), JSON through the platform's JSON
 * conversion, the SQL formatted and sent by MikroORM's own connection (so logging, metrics and
 * traces see it), a driver error converted to MikroORM's exceptions (a unique index refusal is a
 * `UniqueConstraintViolationException`, as before).
 *
 *   const insertContent = compiledInsert('content', ['slug', 'title', ...]);
 *   const id = await insertContent(tx, { slug, title, ... });
 *
 * Columns are snake_case names written by the code, never input; values are always parameters.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

const COLUMN = /^[a-z][a-z0-9_]*$/;

type Value = string | number | boolean | Date | null | Record<string, unknown>;

/** An insert into `table` of `columns`; the function answers the new row's generated id. */
export function compiledInsert<C extends string>(table: string, columns: readonly C[]) {
  for (const name of [table, ...columns]) if (!COLUMN.test(name)) throw new Error(`Not a plain column or table name: ${name}`);
  const base = `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;
  // PostgreSQL answers a generated key only with RETURNING (SQLite takes it too); MySQL/MariaDB give the insert id.
  const returning = `${base} returning id`;

  return async (tx: SqlEntityManager, row: Record<C, Value>): Promise<number> => {
    const platform = tx.getPlatform();
    const params = columns.map((name) => {
      const value = row[name];
      if (value instanceof Date) return platform.processDateProperty(value);
      if (value !== null && typeof value === 'object') return platform.convertJsonToDatabaseValue(value);
      return value;
    });
    try {
      const result = (await tx
        .getConnection('write')
        .execute(platform.usesReturningStatement() ? returning : base, params, 'run', tx.getTransactionContext())) as {
        insertId?: number | null;
        row?: { id?: unknown };
      };
      return Number(result.row?.id ?? result.insertId);
    } catch (error) {
      throw tx.getDriver().convertException(error as Error);
    }
  };
}
