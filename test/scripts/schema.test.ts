/**
 * The npm schema scripts run as npm runs them (`node scripts/schema.ts fresh`, ...), each against
 * a database of its own; what they leave behind is read with a separate connection.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { describeDatabase, loadConfig } from '#src/config.ts';
import { migrationNames as checkedInMigrations } from '#src/db/migrations/index.ts';
import { MIGRATIONS_TABLE } from '#src/db/orm.ts';
import { SETTING_DEFAULTS } from '#src/db/seed.ts';
import { buildTestApp } from '#test/support/app.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb, testEnv } from '#test/support/databases.ts';
import { type DirectDb, withDirect } from '#test/support/direct-db.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const FILAMENTA_TABLES = [
  MIGRATIONS_TABLE,
  'settings',
  'users',
  'user_preferences',
  'user_tokens',
  'refresh_tokens',
  'audit_events',
  'content',
  'contact_messages',
  'rate_limits',
].sort();
const DEFAULTS = Object.fromEntries(SETTING_DEFAULTS.map((d) => [d.key, d.value]));
const PRODUCTION = { NODE_ENV: 'production', SECRET_KEY: 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=' };
const DROP = 'drop every Filamenta table (data included) and the migrations table';
const FRESH = 'drop every Filamenta table (data included), recreate the schema and seed the default settings';

describeEachDatabase('schema scripts', (type) => {
  let db: ProvisionedDb;
  let target: string;
  const migrationNames = [...checkedInMigrations(type)];
  beforeEach(async () => {
    db = await provisionDatabase(type);
    target = describeDatabase(loadConfig(testEnv(db.env)).db);
  });
  afterEach(() => db?.drop());

  const run = (script: 'schema' | 'migrate', args: string[], env: Record<string, string> = {}, cwd?: string) =>
    runNode([`scripts/${script}.ts`, ...args], { ...db.env, ...env }, { cwd });

  /** The line every script prints first: the database, and the variables (here all from the environment) that chose it. */
  const announced = () => {
    const set = Object.keys(db.env).filter((name) => db.env[name] !== '');
    const unset = Object.keys(db.env).filter((name) => db.env[name] === '');
    return `Database: ${target} (${set.join(', ')} from the environment${unset.length ? `; ${unset.join(', ')} default` : ''})`;
  };
  const inspect = <T>(fn: (direct: DirectDb) => Promise<T>) => withDirect(db, fn);
  const tables = () => inspect((d) => d.tables());
  const settings = () => inspect((d) => d.settings());
  const appliedMigrations = () =>
    inspect(async (d) => (await d.query(`select name from ${MIGRATIONS_TABLE} order by id`)).map((r) => r.name));
  /** Migrated and seeded in process: quicker than a script where the script is not what is tested. */
  const installed = async (options: { seed?: boolean } = {}) => (await buildTestApp(db.env, options)).close();
  /** What an operator might do: change a setting, keep a table of their own in the same database. */
  const makeLocalChanges = () =>
    inspect(async (d) => {
      await d.query(`update settings set value = ? where ${d.quote('key')} = 'site_name'`, [JSON.stringify('Changed')]);
      await d.query('create table not_ours (id int primary key)');
    });

  it('schema:fresh on an empty database says what it will do, builds the schema from the migrations and seeds the defaults', async () => {
    const r = await run('schema', ['fresh']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      announced(),
      `About to ${FRESH} on ${target}`,
      `Schema created (${migrationNames.length} migration(s): ${migrationNames.join(', ')})`,
      `Seeded ${SETTING_DEFAULTS.length} setting(s)`,
      '',
    ]);
    expect(await tables()).toEqual(FILAMENTA_TABLES);
    expect(await appliedMigrations()).toEqual(migrationNames);
    expect(await settings()).toStrictEqual(DEFAULTS);
  });

  it('schema:fresh on a used database puts the defaults back and leaves tables that are not Filamenta’s', async () => {
    await installed();
    await makeLocalChanges();
    const r = await run('schema', ['fresh']);
    expect(r.code).toBe(0);
    expect(await tables()).toEqual([...FILAMENTA_TABLES, 'not_ours'].sort());
    expect(await settings()).toStrictEqual(DEFAULTS);
  });

  it('schema:drop says what it will do and removes every Filamenta table, the migrations table included', async () => {
    await installed();
    await makeLocalChanges();
    const r = await run('schema', ['drop']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${announced()}\nAbout to ${DROP} on ${target}\nSchema dropped\n`);
    expect(await tables()).toEqual(['not_ours']);
  });

  it('schema:create builds the schema on an empty database without seeding, and a second run changes nothing', async () => {
    const first = await run('schema', ['create']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`${announced()}\nSchema created (${migrationNames.length} migration(s): ${migrationNames.join(', ')})\n`);
    expect(await tables()).toEqual(FILAMENTA_TABLES);
    expect(await settings()).toEqual({});

    const second = await run('schema', ['create']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`${announced()}\nSchema already up to date\n`);
    expect(await appliedMigrations()).toEqual(migrationNames);
  });

  it('db:seed adds only the missing settings and never overwrites a changed value', async () => {
    await installed();
    await inspect(async (d) => {
      await d.query(`update settings set value = ? where ${d.quote('key')} = 'site_name'`, [JSON.stringify('Mine')]);
      await d.query(`delete from settings where ${d.quote('key')} = 'smtp_port'`);
    });
    const first = await run('schema', ['seed']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`${announced()}\nSeeded 1 setting(s)\n`);
    expect(await settings()).toStrictEqual({ ...DEFAULTS, site_name: 'Mine' });

    const second = await run('schema', ['seed']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`${announced()}\nSeeded 0 setting(s)\n`);
    expect(await settings()).toStrictEqual({ ...DEFAULTS, site_name: 'Mine' });
  });

  it('db:seed on a database without the schema fails with one line that says what to run, creating nothing', async () => {
    const r = await run('schema', ['seed']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${announced()}\n`);
    expect(r.stderr).toBe('There is no schema to seed yet: run npm run schema:create (or db:migrate) first\n');
    expect(await tables()).toEqual([]);
  });

  it('db:migrate applies the checked-in migrations to an empty database, and a second run has nothing pending', async () => {
    const first = await run('migrate', ['up']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`${announced()}\nRan ${migrationNames.length} migration(s): ${migrationNames.join(', ')}\n`);
    expect(await tables()).toEqual(FILAMENTA_TABLES);
    expect(await appliedMigrations()).toEqual(migrationNames);

    const second = await run('migrate', ['up']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`${announced()}\nNo pending migrations\n`);
  });

  it('the checked-in migrations build exactly the schema the entities declare', async () => {
    const t = await buildTestApp(db.env, { seed: false });
    try {
      expect(await t.orm.mikro.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await t.close();
    }
  });

  it.each([
    ['fresh', FRESH],
    ['drop', DROP],
  ])('schema:%s refuses in production without --force, touching nothing, and runs with it', async (command, what) => {
    await installed();
    await makeLocalChanges();
    const refused = await run('schema', [command], PRODUCTION);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe(`${announced()}\n`);
    expect(refused.stderr).toMatch(
      new RegExp(`^Refusing to ${literal(what)}.* on ${literal(target)}: NODE_ENV is production\\. Re-run with --force`),
    );
    expect(await tables()).toEqual([...FILAMENTA_TABLES, 'not_ours'].sort());
    expect((await settings()).site_name).toBe('Changed');

    const forced = await run('schema', [command, '--force'], PRODUCTION);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(new RegExp(`^${literal(announced())}\\nAbout to ${literal(what)}.* on ${literal(target)}\n`));
    if (command === 'drop') {
      expect(await tables()).toEqual(['not_ours']);
    } else {
      expect(await tables()).toEqual([...FILAMENTA_TABLES, 'not_ours'].sort());
      expect(await settings()).toStrictEqual(DEFAULTS);
    }
  });
});

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
