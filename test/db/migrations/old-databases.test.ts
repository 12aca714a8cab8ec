/**
 * Databases made by main at 7c92e30 (test/fixtures/main-7c92e30: its schema, migrations table and
 * rows), loaded into fresh databases, then `db:migrate` and the node adapter of this version on
 * them: only the migrations main did not have run, and its accounts log in, its content, settings,
 * preferences and messages are served as they were. A MariaDB database made under either type's
 * history is run under both names.
 */
import { afterEach, expect, it } from 'vitest';

import { MIGRATION_FAMILY, migrationNames } from '#src/db/migrations/index.ts';
import { MIGRATIONS_TABLE } from '#src/db/orm.ts';
import {
  ADMIN,
  CONTACT,
  CONTENT,
  EDITOR,
  HISTORY,
  type Kind,
  KINDS,
  loadDump,
  PREFERENCES,
  SETTINGS,
} from '#test/fixtures/main-7c92e30/fixture.ts';
import { buildTestApp } from '#test/support/app.ts';
import { runNode } from '#test/support/child.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { withDirect } from '#test/support/direct-db.ts';
import type { Json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { killLeftovers, startNodeAdapter } from '#test/support/process.ts';
import { afterDatabaseLine } from '#test/support/script-output.ts';

type DbType = 'sqlite' | 'mysql' | 'mariadb' | 'postgresql';
const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';

/** Each dump, and the types it is run under. */
const CASES: { made: Kind; runAs: DbType }[] = [
  { made: 'sqlite', runAs: 'sqlite' },
  { made: 'mysql', runAs: 'mysql' },
  { made: 'mysql', runAs: 'mariadb' },
  { made: 'mariadb', runAs: 'mysql' },
  { made: 'mariadb', runAs: 'mariadb' },
  { made: 'postgresql', runAs: 'postgresql' },
];

let db: ProvisionedDb | undefined;
afterEach(async () => {
  await killLeftovers();
  await db?.drop();
  db = undefined;
});

interface Row {
  [column: string]: unknown;
}

/** What main left, read beside the code under test. */
const snapshot = (target: ProvisionedDb) =>
  withDirect(target, async (d) => ({
    migrations: (await d.query(`select name from ${MIGRATIONS_TABLE} order by id`)).map((r) => r.name),
    users: await d.query('select id, username, email, role, password_hash from users order by id'),
    content: await d.query<Row>('select id, slug, title, body, excerpt, type, status, author_id from content order by id'),
    settings: await d.settings(),
  }));

/** The history main recorded for this family: MariaDB's former names stand for MySQL's. */
const mainHistory = (runAs: DbType) => HISTORY[MIGRATION_FAMILY[runAs] === 'mysql' ? 'mysql' : (runAs as Kind)];

describeEachDatabase('a database made by main at 7c92e30', (type) => {
  const cases = CASES.filter((c) => KINDS[c.made] === type);
  it.each(cases)(
    'made as DB_TYPE=$made, run as DB_TYPE=$runAs: migrates forward, logs in, serves what it held',
    async ({ made, runAs }) => {
      db = await provisionDatabase(type);
      await loadDump(db, made);
      const before = await snapshot(db);
      expect(before.migrations).toEqual(HISTORY[made]);
      expect(before.users.map((u) => u.username)).toEqual([ADMIN.username, EDITOR.username]);
      expect(before.content.map((c) => c.title)).toEqual(CONTENT.map((c) => c.title));

      // Readiness, before anything runs, counts main's history as done whatever name it ran under.
      const added = migrationNames(runAs).filter((name) => !mainHistory(runAs).includes(name));
      const env = { ...db.env, DB_TYPE: runAs };
      const probe = await buildTestApp(env, { migrate: false });
      try {
        const res = await probe.app.request('/health/ready');
        expect(await res.json()).toMatchObject({ migrations: { pending: added.length, names: added } });
      } finally {
        await probe.close();
      }

      const migrated = await runNode(['scripts/migrate.ts', 'up'], env);
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
      expect(afterDatabaseLine(migrated.stdout)).toBe(
        added.length ? `Ran ${added.length} migration(s): ${added.join(', ')}\n` : 'No pending migrations\n',
      );

      const after = await snapshot(db);
      // A run rewrites MariaDB's former names first; with nothing to run, the table stays as it was.
      expect(after.migrations).toEqual(added.length ? [...mainHistory(runAs), ...added] : before.migrations);
      expect(after.users).toEqual(before.users);
      expect(after.content).toEqual(before.content);
      expect(after.settings).toEqual(before.settings);
      expect(after.settings).toMatchObject(SETTINGS);

      const server = await startNodeAdapter({ ...env, NODE_ENV: 'production', SECRET_KEY });
      const call = async (path: string, token?: string) => {
        const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        return { status: res.status, body: (await res.json()) as Json };
      };
      const login = async (user: { username: string; password: string }) => {
        const res = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: user.username, password: user.password }),
        });
        return { status: res.status, body: (await res.json()) as Json };
      };

      expect(await call('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready', migrations: { pending: 0 } } });

      const admin = await login(ADMIN);
      expect(admin).toMatchObject({ status: 200, body: { user: { username: ADMIN.username, role: 'admin' } } });
      const editor = await login(EDITOR);
      expect(editor).toMatchObject({ status: 200, body: { user: { username: EDITOR.username, role: 'editor' } } });

      const published = before.content.filter((c) => c.status === 'published').reverse();
      const list = await call('/api/v1/content');
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(published.length);
      expect(list.body.items.map((i: Row) => ({ id: i.id, slug: i.slug, title: i.title }))).toEqual(
        published.map((c) => ({ id: Number(c.id), slug: c.slug, title: c.title })),
      );
      const first = before.content[0];
      expect(await call(`/api/v1/content/${first.slug}`)).toMatchObject({
        status: 200,
        body: { id: Number(first.id), title: CONTENT[0].title, body: CONTENT[0].body, excerpt: CONTENT[0].excerpt, type: 'post' },
      });
      const draft = before.content.find((c) => c.status === 'draft')!;
      expect((await call(`/api/v1/content/${draft.slug}`)).status).toBe(404);
      expect(await call(`/api/v1/content/${draft.slug}`, editor.body.accessToken)).toMatchObject({
        status: 200,
        body: { title: draft.title, status: 'draft', authorId: editor.body.user.id },
      });

      expect(await call('/api/v1/settings', admin.body.accessToken)).toMatchObject({ status: 200, body: SETTINGS });
      expect(await call('/api/v1/me/preferences', admin.body.accessToken)).toMatchObject({ status: 200, body: PREFERENCES });
      expect(await call('/api/v1/contact/messages', admin.body.accessToken)).toMatchObject({
        status: 200,
        body: { total: 1, items: [expect.objectContaining(CONTACT)] },
      });
    },
  );
});
