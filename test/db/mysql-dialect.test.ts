/**
 * DB_TYPE=mysql (MikroORM's MySQL driver, platform and the mysql migration folder) on the machine's
 * MariaDB server: Debian has no MySQL server and the npm registry ships none, so this is the
 * closest real thing here. It proves the mysql migrations build the schema and that a whole flow
 * (setup, login, content with milliseconds, typed settings, audit) works through that dialect.
 */
import { afterEach, expect, it } from 'vitest';

import { AuditEvent } from '#src/db/entities/index.ts';
import { migrationNames } from '#src/db/migrations/index.ts';
import { MIGRATIONS_TABLE } from '#src/db/orm.ts';
import { type AuthTestApp, buildAuthApp } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase(
  'the mysql dialect',
  (type) => {
    let t: AuthTestApp;
    afterEach(() => t?.close());

    it('migrates with the mysql migrations and serves setup, login, content, settings and audit', async () => {
      t = await buildAuthApp(type, { DB_TYPE: 'mysql' });
      expect(t.config.db.type).toBe('mysql');
      const ran = await t.orm
        .fork()
        .getConnection()
        .execute<{ name: string }[]>(`select name from ${MIGRATIONS_TABLE} order by id`, [], 'all');
      expect(ran.map((r) => r.name)).toEqual([...migrationNames('mysql')]);
      expect(migrationNames('mysql').length).toBe(migrationNames('mariadb').length);

      const admin = await t.admin('root');
      const auth = { authorization: `Bearer ${admin.accessToken}` };
      const created = await t.post('/api/v1/content', { title: 'Über MySQL', body: 'Text', status: 'published' }, auth);
      expect(created.status).toBe(201);
      const item = await json(created);
      expect(item).toMatchObject({ slug: 'uber-mysql', status: 'published' });
      // Milliseconds survive the round trip, and the public read answers what the write did.
      expect(item.createdAt).toMatch(/\.\d{3}Z$/);
      expect(await json(await t.get('/api/v1/content/uber-mysql'))).toEqual(item);
      expect((await json(await t.get('/api/v1/content?q=UBER'))).total).toBe(1);

      const patched = await t.app.request('/api/v1/settings', {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ registration_enabled: true, smtp_port: 2525 }),
      });
      expect(patched.status).toBe(200);
      expect(await json(patched)).toMatchObject({ registration_enabled: true, smtp_port: 2525 });

      const actions = (await t.orm.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } })).map((e) => e.action);
      expect(actions).toEqual(['user.created', 'auth.login', 'content.created', 'settings.updated']);
    });
  },
  ['mariadb'],
);
