/**
 * The migrations table read against this version's history. Readiness reads it (`readHistory`,
 * never writing); a migration run (`runMigrations`) first rewrites the rows that carry a former
 * name of a migration, refuses a table it cannot account for, then runs what is pending.
 */
import { TableExistsException, TableNotFoundException } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import type { AbstractSqlDriver } from '@mikro-orm/sql';

import type { DbType } from '../../config.ts';
import { MIGRATION_FAMILY, type MigrationFamily,migrationNames } from './index.ts';

export const MIGRATIONS_TABLE = 'filamenta_migrations';

/**
 * Names under which a database made with DB_TYPE=mariadb recorded the migrations of the MySQL
 * history (the same SQL under other class names), each with the name it has now.
 */
const FORMER_NAMES: Record<MigrationFamily, Readonly<Record<string, string>>> = {
  sqlite: {},
  postgresql: {},
  mysql: {
    Migration20261124173159_initial: 'Migration20261124173158_initial',
    Migration20261124212159_auth: 'Migration20261124212157_auth',
    Migration20261124220812_content: 'Migration20261124220813_content',
    Migration20261124221740_content_ms: 'Migration20261124221741_content_ms',
    Migration20261124222101_content_search: 'Migration20261124222103_content_search',
    Migration20261124225358_accounts_contact: 'Migration20261124225357_accounts_contact',
  },
};

export interface History {
  /** This version's migrations the table does not record, in the order they run. */
  pending: string[];
  /** Rows recorded under a former name: renamed to `current`, or deleted when `current` is recorded too. */
  former: { recorded: string; current: string; duplicate: boolean }[];
  /** Recorded names that are neither this version's nor a former name of one. */
  unknown: string[];
}

/** Which of this version's migrations the recorded names account for (MikroORM may record a file extension). */
export function readHistory(type: DbType, recorded: readonly string[]): History {
  const names = migrationNames(type);
  const known = new Set(names);
  const formerNames = FORMER_NAMES[MIGRATION_FAMILY[type]];
  const bare = recorded.map((name) => ({ recorded: name, name: name.replace(/\.[cm]?[jt]s$/, '') }));
  const done = new Set(bare.filter((r) => known.has(r.name)).map((r) => r.name));
  const history: History = { pending: [], former: [], unknown: [] };
  for (const { recorded: name, name: bareName } of bare) {
    if (known.has(bareName)) continue;
    const current = Object.hasOwn(formerNames, bareName) ? formerNames[bareName] : undefined;
    if (!current) {
      history.unknown.push(bareName);
      continue;
    }
    history.former.push({ recorded: name, current, duplicate: done.has(current) });
    done.add(current);
  }
  history.pending = names.filter((name) => !done.has(name));
  return history;
}

/** The migrations table cannot be accounted for, or a migration failed: the message says which and why. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Runs the pending migrations and returns their names. Rows under a former name are rewritten
 * first (in one transaction, before anything runs), so MikroORM sees only current names. A table
 * that records names this version does not know while some of its own are missing was written by
 * another version or for another database type: nothing runs, and the error says so.
 */
export async function runMigrations(migrator: Migrator, driver: AbstractSqlDriver, type: DbType): Promise<string[]> {
  const history = readHistory(type, await recordedNames(driver));
  if (history.unknown.length && history.pending.length) {
    throw new MigrationError(
      `${MIGRATIONS_TABLE} records ${list(history.unknown)}, unknown to this version of Filamenta, and lacks ${list(history.pending)}: ` +
        `the database was migrated by another version of Filamenta or for another type of database than ${type}. Nothing was changed.`,
    );
  }
  if (history.former.length) {
    await driver.getConnection().transactional(async (tx) => {
      for (const row of history.former) {
        await driver.execute(
          row.duplicate ? `delete from ${MIGRATIONS_TABLE} where name = ?` : `update ${MIGRATIONS_TABLE} set name = ? where name = ?`,
          row.duplicate ? [row.recorded] : [row.current, row.recorded],
          'run',
          tx,
        );
      }
    });
  }
  let running: string | undefined;
  const track = ({ name }: { name: string }) => void (running = name);
  migrator.on('migrating', track);
  try {
    return (await migrator.up()).map((m) => m.name);
  } catch (error) {
    if (!running) throw error;
    const reason = String((error as Error).message ?? error).split('\n')[0];
    const hint =
      error instanceof TableExistsException
        ? `; the database already has what it creates, which ${MIGRATIONS_TABLE} does not record (was the table emptied, or the schema made another way?)`
        : '';
    throw new MigrationError(`Migration ${running} failed: ${reason}${hint}`, { cause: error });
  } finally {
    migrator.off('migrating', track);
  }
}

/** The names the migrations table records, oldest first; none when the table does not exist yet. */
export async function recordedNames(driver: AbstractSqlDriver): Promise<string[]> {
  try {
    const rows = await driver.execute<{ name: string }[]>(`select name from ${MIGRATIONS_TABLE} order by id`);
    return rows.map((row) => row.name);
  } catch (error) {
    if (error instanceof TableNotFoundException) return [];
    throw error;
  }
}

const list = (names: readonly string[]) =>
  names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
