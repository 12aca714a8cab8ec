/**
 * Both SQLite paths: better-sqlite3 where its native addon loads, Node's built-in node:sqlite
 * where it does not (DB_SQLITE_DRIVER=auto) or where it is asked for (node).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Setting } from '#src/db/entities/index.ts';
import { SETTING_DEFAULTS } from '#src/db/seed.ts';
import { buildTestApp, useTestApp } from '#test/support/app.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { withDirect } from '#test/support/direct-db.ts';
import { json } from '#test/support/http.ts';

const UNLOADABLE = ['--import', './test/support/unloadable-better-sqlite3.ts'];
const EXPECTED_PRAGMAS = { journal_mode: 'wal', foreign_keys: 1, busy_timeout: 5000, synchronous: 1 };

describe('SQLite on node:sqlite (DB_SQLITE_DRIVER=node)', () => {
  const t = useTestApp('sqlite', { env: { DB_SQLITE_DRIVER: 'node' } });

  it('runs the migrations and seeds the settings with their types intact', async () => {
    expect(t.orm.driver).toBe('node:sqlite');
    expect(await t.orm.pendingMigrations()).toEqual([]);
    const rows = await t.orm.fork().find(Setting, {});
    expect(Object.fromEntries(rows.map((r) => [r.key, r.value]))).toStrictEqual(
      Object.fromEntries(SETTING_DEFAULTS.map((d) => [d.key, d.value])),
    );
  });

  it('writes through the ORM and reads the change back in another EntityManager', async () => {
    const em = t.orm.fork();
    em.create(Setting, { key: 'node_sqlite_probe', value: { nested: [1, true, 'x'] }, description: 'probe' });
    (await em.findOneOrFail(Setting, { key: 'smtp_port' })).value = 2525;
    await em.flush();

    const other = t.orm.fork();
    expect((await other.findOneOrFail(Setting, { key: 'node_sqlite_probe' })).value).toStrictEqual({ nested: [1, true, 'x'] });
    expect((await other.findOneOrFail(Setting, { key: 'smtp_port' })).value).toBe(2525);
    other.remove(await other.findOneOrFail(Setting, { key: 'node_sqlite_probe' }));
    await other.flush();
    expect(await t.orm.fork().count(Setting, {})).toBe(SETTING_DEFAULTS.length);
  });

  it('is ready and names node:sqlite as the driver', async () => {
    const ready = await t.app.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(await json(ready)).toMatchObject({ status: 'ready', database: { type: 'sqlite', ok: true }, migrations: { pending: 0 } });
    expect((await json(await t.app.request('/api/v1/version'))).database).toEqual({ type: 'sqlite', driver: 'node:sqlite' });
  });
});

describe('SQLite pragmas', () => {
  it.each([
    ['better-sqlite3', 'better-sqlite3'],
    ['node', 'node:sqlite'],
  ])(
    'DB_SQLITE_DRIVER=%s sets WAL, foreign keys, a 5 s busy timeout and synchronous=NORMAL on the connection the ORM uses',
    async (choice, driver) => {
      const db = await provisionDatabase('sqlite');
      const t = await buildTestApp({ ...db.env, DB_SQLITE_DRIVER: choice }, { migrate: false });
      try {
        expect(t.orm.driver).toBe(driver);
        const connection = t.orm.mikro.em.getConnection();
        const pragmas: Record<string, unknown> = {};
        for (const name of Object.keys(EXPECTED_PRAGMAS)) {
          const [row] = await connection.execute<Record<string, unknown>[]>(`pragma ${name}`);
          pragmas[name] = Object.values(row)[0];
        }
        expect(pragmas).toEqual(EXPECTED_PRAGMAS);
      } finally {
        await t.close();
        await db.drop();
      }
    },
  );
});

describe('SQLite when better-sqlite3 cannot be loaded', () => {
  let db: ProvisionedDb;
  beforeAll(async () => {
    db = await provisionDatabase('sqlite');
  });
  afterAll(() => db?.drop());

  it('DB_SQLITE_DRIVER=auto falls back to node:sqlite, saying why, and works', async () => {
    const r = await runNode([...UNLOADABLE, 'scripts/schema.ts', 'fresh'], { ...db.env, DB_SQLITE_DRIVER: 'auto' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Seeded ${SETTING_DEFAULTS.length} setting(s)`);
    const logs = r.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'warn',
        component: 'db',
        msg: "better-sqlite3 could not be loaded; using Node's built-in node:sqlite",
        reason: expect.stringMatching(/better_sqlite3\.node: (file too short|invalid ELF header)/),
      }),
    ]);
    expect(Object.keys(await withDirect(db, (direct) => direct.settings()))).toHaveLength(SETTING_DEFAULTS.length);
  });

  it('DB_SQLITE_DRIVER=better-sqlite3 stops with a configuration error that names the variable and the way out', async () => {
    const path = join(db.env.DB_PATH, '..', 'forced.sqlite');
    const r = await runNode([...UNLOADABLE, 'scripts/schema.ts', 'create'], {
      ...db.env,
      DB_PATH: path,
      DB_SQLITE_DRIVER: 'better-sqlite3',
    });
    expect(r.code).toBe(78);
    // The script names the database first, then stops before touching it.
    expect(r.stdout).toBe(`Database: sqlite:${path} (DB_TYPE, DB_PATH from the environment)\n`);
    expect(r.stderr).toMatch(
      /^Invalid configuration \(1 problem\):\n {2}DB_SQLITE_DRIVER: better-sqlite3 cannot be loaded \(.*better_sqlite3\.node: .*\); use auto or node for Node's built-in node:sqlite\n$/,
    );
    expect(existsSync(path)).toBe(false);
  });
});

describe('SQLite when the database file cannot be opened', () => {
  it('DB_SQLITE_DRIVER=auto reports the file, not a driver problem', async () => {
    const db = await provisionDatabase('sqlite');
    try {
      mkdirSync(db.env.DB_PATH); // a folder where the file should be
      const r = await runNode(['scripts/schema.ts', 'create'], { ...db.env, DB_SQLITE_DRIVER: 'auto' });
      expect(r.code).toBe(78);
      expect(r.stderr).toBe('Cannot write the database file or its folder: unable to open database file\n');
    } finally {
      await db.drop();
    }
  });
});
