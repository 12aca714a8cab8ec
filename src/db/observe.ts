/**
 * Query observers: what metrics and traces put around every query the app runs, through the ORM
 * (its connections' `executeQuery`) and through the typed reads on the driver (`read.ts`). An
 * observer wraps the run, so it can time it and make it the active span; with none installed the
 * query runs as it always did, at the cost of one size check.
 */
import type { CompiledQuery } from 'kysely';

import type { ReadFn } from './read.ts';

/** Wraps one query's run: `sql` is its text with placeholders, never with values. */
export type QueryObserver = <T>(sql: string, run: () => Promise<T>) => Promise<T>;

export interface QueryObservers {
  /** Installs `observer`; the returned function removes it. */
  add(observer: QueryObserver): () => void;
  /** `run` wrapped by every observer (the first added outermost). */
  run<T>(sql: string, run: () => Promise<T>): Promise<T>;
}

export function createQueryObservers(): QueryObservers {
  let observers: QueryObserver[] = [];
  return {
    add(observer) {
      observers = [...observers, observer];
      return () => {
        observers = observers.filter((o) => o !== observer);
      };
    },
    run(sql, run) {
      if (!observers.length) return run();
      return observers.reduceRight<typeof run>((inner, observer) => () => observer(sql, inner), run)();
    },
  };
}

/** The statements a query is counted under; anything else (DDL, pragmas, transaction control) is `other`. */
const OPERATIONS = new Set(['select', 'insert', 'update', 'delete']);

/** `select`, `insert`, `update`, `delete` or `other`: a fixed set, so a label never grows with the SQL. */
export function operationOf(sql: string): string {
  const word = /^\s*\(?\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  return word && OPERATIONS.has(word) ? word : 'other';
}

/** The connection method every ORM query goes through (protected in MikroORM's types). */
interface ExecutingConnection {
  executeQuery<T>(query: string, cb: () => Promise<T>, context?: { query?: string }): Promise<T>;
}

/**
 * Routes `connection`'s queries through `observers`. `executeQuery` is where MikroORM times and
 * logs each query; wrapping it (rather than reading the logger's whole-millisecond `took` after the
 * fact) times the driver call itself and lets a span be active around it. `context.query` holds the
 * SQL with placeholders; the first argument may carry the values inlined for the debug log.
 */
export function observeConnection(connection: unknown, observers: QueryObservers): void {
  const target = connection as ExecutingConnection;
  const execute = target.executeQuery.bind(target);
  target.executeQuery = (query, cb, context) => observers.run(context?.query ?? query, () => execute(query, cb, context));
}

/** `read` with its queries routed through `observers`. */
export function observeReads(read: ReadFn, observers: QueryObservers): ReadFn {
  return <R>(query: CompiledQuery<R>) => observers.run(query.sql, () => read(query));
}
