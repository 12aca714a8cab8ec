/**
 * One history per database family, read from the migrations table: a MariaDB database migrated as
 * DB_TYPE=mariadb is up to date as a mysql:// URL and the reverse, and a table this version cannot
 * account for stops a migration run with one line, changing nothing.
 */
import { afterEach, expect, it } from 'vitest';

import { migrationNames } from '#src/db/migrations/index.ts';
import { MIGRATIONS_TABLE } from '#src/db/orm.ts';
import { buildTestApp } from '#test/support/app.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { withDirect } from '#test/support/direct-db.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { killLeftovers, runNodeAdapter, startNodeAdapter } from '#test/support/process.ts';
import { afterDatabaseLine } from '#test/support/script-output.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const SETUP_TOKEN = 'setup-token-0123456789abcdef';
const FOREIGN = 'Migration20991231235959_from_elsewhere';
const STACK_LINE = /^\s+at /m;

let db: ProvisionedDb | undefined;
afterEach(async () => {
  await killLeftovers();
  await db?.drop();
  db = undefined;
});

const recorded = (target: ProvisionedDb) =>
  withDirect(target, async (d) => (await d.query(`select name from ${MIGRATIONS_TABLE} order by id`)).map((r) => String(r.name)));
const migrate = (env: Record<string, string>) => runNode(['scripts/migrate.ts', 'up'], env);

describeEachDatabase(
  'switching between the mysql and mariadb names',
  () => {
    it.each([
      ['mariadb', 'mysql'],
      ['mysql', 'mariadb'],
    ])('migrated as DB_TYPE=%s, then started as a %s:// URL: nothing pending, nothing run, the server serves', async (first, then) => {
      db = await provisionDatabase('mariadb');
      const migrated = await migrate({ ...db.env, DB_TYPE: first });
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
      const names = await recorded(db);
      expect(names).toEqual(migrationNames('mariadb'));

      const { DB_HOST, DB_PORT, DB_USER, DB_NAME } = db.env;
      const server = await startNodeAdapter({
        DATABASE_URL: `${then}://${DB_USER}@${DB_HOST}:${DB_PORT}/${DB_NAME}`,
        NODE_ENV: 'production',
        SECRET_KEY,
        SETUP_TOKEN,
        MIGRATE_ON_START: 'true',
      });
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', database: { type: then }, migrations: { pending: 0, names: [] } });

      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
      const admin = { username: 'root', email: 'root@example.com', password: 'a long enough password' };
      expect((await post('/api/v1/setup', { token: SETUP_TOKEN, ...admin })).status).toBe(201);
      const { accessToken } = (await (await post('/api/v1/auth/login', { login: admin.username, password: admin.password })).json()) as {
        accessToken: string;
      };
      const created = await post('/api/v1/content', { title: `Written as ${then}`, status: 'published' }, accessToken);
      expect(created.status).toBe(201);
      const list = await fetch(`${server.url}/api/v1/content`);
      expect(await list.json()).toMatchObject({ total: 1, items: [{ title: `Written as ${then}` }] });

      expect(server.logs.filter((l) => /migration/.test(l.msg))).toEqual([]);
      expect(await recorded(db)).toEqual(names);
    });
  },
  ['mariadb'],
);

describeEachDatabase('a migrations table this version cannot account for', (type) => {
  /** A database migrated by this version, then `change`d behind its back. */
  const prepared = async (change: (names: readonly string[]) => string[]) => {
    db = await provisionDatabase(type);
    expect((await migrate(db.env)).code).toBe(0);
    await withDirect(db, async (d) => {
      for (const sql of change(migrationNames(type))) await d.query(sql);
    });
    return { tables: await withDirect(db, (d) => d.tables()), names: await recorded(db) };
  };

  it('a name from no history of this version, with some of its own missing: db:migrate and the server stop with one line, changing nothing', async () => {
    const last = migrationNames(type).at(-1)!;
    const before = await prepared(() => [
      `delete from ${MIGRATIONS_TABLE} where name = '${last}'`,
      `insert into ${MIGRATIONS_TABLE} (name) values ('${FOREIGN}')`,
    ]);
    const expected =
      `${MIGRATIONS_TABLE} records ${FOREIGN}, unknown to this version of Filamenta, and lacks ${last}: ` +
      `the database was migrated by another version of Filamenta or for another type of database than ${type}. Nothing was changed.\n`;

    const script = await migrate(db!.env);
    expect(script).toMatchObject({ code: 1, stderr: expected });
    expect(afterDatabaseLine(script.stdout)).toBe('');

    const server = await runNodeAdapter({ ...db!.env, NODE_ENV: 'production', SECRET_KEY, MIGRATE_ON_START: 'true' });
    expect(server.code).toBe(1);
    expect(server.stderr).toBe(expected);
    expect(server.stdout).not.toMatch(STACK_LINE);

    expect(await recorded(db!)).toEqual(before.names);
    expect(await withDirect(db!, (d) => d.tables())).toEqual(before.tables);
  });

  it('a name from no history of this version, with all of its own recorded (a newer version ran): nothing pending, ready', async () => {
    const before = await prepared(() => [`insert into ${MIGRATIONS_TABLE} (name) values ('${FOREIGN}')`]);
    const migrated = await migrate(db!.env);
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    expect(afterDatabaseLine(migrated.stdout)).toBe('No pending migrations\n');
    const t = await buildTestApp(db!.env, { migrate: false });
    try {
      const res = await t.app.request('/health/ready');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ migrations: { pending: 0, names: [] } });
    } finally {
      await t.close();
    }
    expect(await recorded(db!)).toEqual(before.names);
  });

  it('an emptied table under an existing schema: db:migrate names the migration that failed and why, in one line', async () => {
    await prepared(() => [`delete from ${MIGRATIONS_TABLE}`]);
    const r = await migrate(db!.env);
    expect(r.code).toBe(1);
    expect(afterDatabaseLine(r.stdout)).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^Migration ${migrationNames(type)[0]} failed: .*already exists`));
    expect(r.stderr).toMatch(
      new RegExp(
        `; the database already has what it creates, which ${MIGRATIONS_TABLE} does not record \\(was the table emptied, or the schema made another way\\?\\)\\n$`,
      ),
    );
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(await recorded(db!)).toEqual([]);
  });
});
