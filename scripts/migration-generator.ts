/**
 * Writes one migration per database family from the entities, without any database. Each family's
 * folder keeps `snapshot.json`, MikroORM's snapshot of the schema its migrations build; a new
 * migration is the diff from that snapshot to the entities, and the snapshot moves on with it.
 * MariaDB runs MySQL's history, so that diff is generated on both platforms and must be the same.
 * Every family is generated in a scratch folder first: a failure leaves the repository as it was.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MikroORM, type Options } from '@mikro-orm/core';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { Migrator, TSMigrationGenerator } from '@mikro-orm/migrations';
import { MySqlDriver } from '@mikro-orm/mysql';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { type SqlEntityManager, SqliteDriver } from '@mikro-orm/sql';
import { SqliteDialect } from 'kysely';

import { ENTITIES } from '../src/db/entities/index.ts';
import { MIGRATIONS_TABLE } from '../src/db/migrations/history.ts';
import type { MigrationFamily } from '../src/db/migrations/index.ts';
import { ScriptError } from './cli.ts';

type Driver = typeof SqliteDriver | typeof MySqlDriver | typeof MariaDbDriver | typeof PostgreSqlDriver;

/** Each family with the platforms its migrations run on; the first one writes the files. */
const FAMILIES: { family: MigrationFamily; platforms: { label: string; driver: Driver }[] }[] = [
  { family: 'sqlite', platforms: [{ label: 'SQLite', driver: SqliteDriver }] },
  {
    family: 'mysql',
    platforms: [
      { label: 'MySQL', driver: MySqlDriver },
      { label: 'MariaDB', driver: MariaDbDriver },
    ],
  },
  { family: 'postgresql', platforms: [{ label: 'PostgreSQL', driver: PostgreSqlDriver }] },
];

const SNAPSHOT = 'snapshot';
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

/** A SQLite dialect that is never opened: generating a migration reads no database. */
const NO_DATABASE = new SqliteDialect({
  database: async () => {
    throw new Error('the migration generator opens no database');
  },
});

/**
 * Writes `Migration<UTC time>_<name>.ts` into every family whose snapshot differs from the
 * entities, moves those snapshots on and regenerates their `index.ts`. Returns the files written
 * (none when the entities match every snapshot).
 */
export async function createMigrations(root: string, name: string, now = new Date()): Promise<string[]> {
  if (!NAME.test(name)) {
    throw new ScriptError(`"${name}" is not a migration name: a letter, then letters, digits or _ (at most 60), e.g. add_tags`, 2);
  }
  const className = `Migration${now.toISOString().replace(/[-T:]|\.\d{3}Z$/g, '')}_${name}`;
  return withScratch(async (scratch) => {
    const changed: { folder: string; staged: string }[] = [];
    for (const { family, platforms } of FAMILIES) {
      const folder = familyFolder(root, family);
      const diffs: { label: string; staged: string; sql: string; changes: boolean }[] = [];
      for (const { label, driver } of platforms) {
        const staged = join(scratch, `${family}-${label}`);
        mkdirSync(staged);
        copyFileSync(join(folder, `${SNAPSHOT}.json`), join(staged, `${SNAPSHOT}.json`));
        const diff = await withOfflineOrm(driver, staged, label, { generator: namedGenerator(className) }, async (orm) => {
          Migrator.register(orm);
          return (await (orm.migrator as Migrator).create(staged, false, false, name)).diff;
        });
        diffs.push({ label, staged, sql: JSON.stringify(diff), changes: diff.up.length > 0 });
      }
      const [first, ...others] = diffs;
      const differing = others.find((d) => d.sql !== first.sql);
      if (differing) {
        throw new ScriptError(
          `${first.label} and ${differing.label} need different SQL for this change, and they share one history (src/db/migrations/${family}):\n` +
            `${first.label}: ${first.sql}\n${differing.label}: ${differing.sql}`,
        );
      }
      if (!first.changes) continue;
      // Checked only where a migration will be written: a run that finds nothing to do says so.
      const last = migrationFiles(folder).at(-1);
      if (last && last.slice(0, 23) >= className.slice(0, 23)) {
        throw new ScriptError(`${className} would not sort after ${family}'s last migration ${last}: is the clock right?`);
      }
      changed.push({ folder, staged: first.staged });
    }
    for (const { folder, staged } of changed) {
      copyFileSync(join(staged, `${className}.ts`), join(folder, `${className}.ts`));
      copyFileSync(join(staged, `${SNAPSHOT}.json`), join(folder, `${SNAPSHOT}.json`));
      writeIndex(folder);
    }
    return changed.map(({ folder }) => join(folder, `${className}.ts`));
  });
}

/**
 * Rewrites every family's snapshot from the entities, writing no migration: for after a merge in
 * which both sides changed a snapshot, once the migrations build what the entities declare.
 */
export async function writeSnapshots(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const { family, platforms } of FAMILIES) {
    const folder = join(root, 'src/db/migrations', family);
    await withOfflineOrm(platforms[0].driver, folder, platforms[0].label, {}, (orm) =>
      new SnapshotWriter(orm.em as SqlEntityManager).write(),
    );
    written.push(join(folder, `${SNAPSHOT}.json`));
  }
  return written;
}

/** Exposes the migrator's own snapshot writer. */
class SnapshotWriter extends Migrator {
  write(): Promise<void> {
    return this.storeCurrentSchema();
  }
}

function familyFolder(root: string, family: MigrationFamily): string {
  const folder = join(root, 'src/db/migrations', family);
  if (!existsSync(join(folder, `${SNAPSHOT}.json`))) {
    throw new ScriptError(`${join(folder, `${SNAPSHOT}.json`)} is missing: restore it from git (the schema ${family}'s migrations build)`);
  }
  return folder;
}

/** An ORM for `driver`'s platform over the entities, never connected, its snapshot in `folder`. */
async function withOfflineOrm<T>(
  driver: Driver,
  folder: string,
  label: string,
  migrations: Options['migrations'],
  use: (orm: MikroORM) => Promise<T>,
): Promise<T> {
  const options: Partial<Options> = {
    entities: ENTITIES,
    driver,
    dbName: 'offline',
    forceUtcTimezone: true,
    discovery: { skipSyncDiscovery: false },
    ...(driver === SqliteDriver ? { driverOptions: NO_DATABASE } : {}),
    migrations: {
      ...migrations,
      path: folder,
      tableName: MIGRATIONS_TABLE,
      snapshot: true,
      snapshotOnMigrate: false,
      snapshotName: SNAPSHOT,
    },
  };
  const orm = new MikroORM(options);
  try {
    return await use(orm);
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    throw new ScriptError(`${label}: ${(error as Error).message}`);
  } finally {
    await orm.close(true);
  }
}

/** MikroORM's TypeScript generator under one class name for every family (its own takes the time again). */
function namedGenerator(className: string) {
  return class extends TSMigrationGenerator {
    override async generate(diff: { up: string[]; down: string[] }, path: string): Promise<[string, string]> {
      const code = await this.generateMigrationFile(className, diff);
      writeFileSync(join(path, `${className}.ts`), code);
      return [code, `${className}.ts`];
    }
  };
}

function migrationFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => /^Migration\d{14}_\w+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

/**
 * The explicit list bundles rely on, oldest first: the names (read by every readiness check) and
 * a loader for the classes, imported only when migrations run so a start-up does not pay for them.
 */
function writeIndex(folder: string): void {
  const names = migrationFiles(folder);
  const lines = [
    `// Generated by scripts/migration-generator.ts: the migrations of this family, oldest first.`,
    "import type { MigrationObject } from '@mikro-orm/core';",
    '',
    'export const names: readonly string[] = [',
    ...names.map((n) => `  '${n}',`),
    '];',
    '',
    'export async function load(): Promise<MigrationObject[]> {',
    '  return [',
    ...names.map((n) => `    { name: '${n}', class: (await import('./${n}.ts')).${n} },`),
    '  ];',
    '}',
    '',
  ];
  writeFileSync(join(folder, 'index.ts'), lines.join('\n'));
}

async function withScratch<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-migration-'));
  try {
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
