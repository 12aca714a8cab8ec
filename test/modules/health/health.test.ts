import { describe, expect, it } from 'vitest';

import { Setting } from '#src/db/entities/index.ts';
import { migrationNames } from '#src/db/migrations/index.ts';
import { SETTING_DEFAULTS } from '#src/db/seed.ts';
import { appOn, buildTestApp, useTestApp } from '#test/support/app.ts';
import { provisionDatabase } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('app on a real database', (type) => {
  const t = useTestApp(type);

  it('GET /health/ready answers 200 with the driver, latency and no pending migration', async () => {
    const res = await t.app.request('/health/ready');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe('ready');
    expect(body.database.type).toBe(type);
    expect(body.database.ok).toBe(true);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.migrations.pending).toBe(0);
    if (type === 'sqlite') expect(body.database.pool).toBeUndefined();
    else expect(body.database.pool).toMatchObject({ max: t.config.db.pool.max, total: expect.any(Number) });
  });

  it('GET /api/v1/version names the database driver', async () => {
    const body = await json(await t.app.request('/api/v1/version'));
    expect(body).toMatchObject({ name: 'filamenta', node: process.versions.node, database: { type } });
    expect(body.database.driver).toBe(type === 'postgresql' ? 'pg' : type === 'sqlite' ? 'better-sqlite3' : 'mysql2');
  });

  it('seeds the 19 default settings with their types intact', async () => {
    const em = t.orm.fork();
    const rows = await em.find(Setting, {}, { orderBy: { key: 'asc' } });
    expect(rows).toHaveLength(19);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    for (const d of SETTING_DEFAULTS) expect(byKey[d.key]).toStrictEqual(d.value);
    expect(byKey.registration_enabled).toBe(false);
    expect(byKey.smtp_port).toBe(465);
  });

  it('gives every request its own EntityManager', async () => {
    const seen: unknown[] = [];
    const app = appOn(t, t.config);
    app.get('/api/__em_probe', (c) => {
      seen.push(c.var.em);
      return c.json({ ok: true });
    });
    await Promise.all([app.request('/api/__em_probe'), app.request('/api/__em_probe')]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[0]).not.toBe(t.orm.mikro.em);
  });

  it('a change in one forked EntityManager is not visible in another until flushed', async () => {
    const a = t.orm.fork();
    const b = t.orm.fork();
    const row = await a.findOneOrFail(Setting, { key: 'site_name' });
    row.value = 'Changed in A';
    expect((await b.findOneOrFail(Setting, { key: 'site_name' })).value).toBe('X-Filamenta');
    await a.flush();
    const c = t.orm.fork();
    expect((await c.findOneOrFail(Setting, { key: 'site_name' })).value).toBe('Changed in A');
  });
});

describe('readiness while migrations are pending', () => {
  it('answers 503 and names them', async () => {
    const db = await provisionDatabase('sqlite');
    const t = await buildTestApp(db.env, { migrate: false });
    try {
      const res = await t.app.request('/health/ready');
      expect(res.status).toBe(503);
      const body = await json(res);
      expect(body.status).toBe('unavailable');
      expect(body.migrations.pending).toBe(migrationNames('sqlite').length);
      expect(body.migrations.names).toEqual(migrationNames('sqlite'));
      expect(body.migrations.names[0]).toMatch(/^Migration\d+_initial$/);
    } finally {
      await t.close();
      await db.drop();
    }
  });

  it('turns ready as soon as the migrations have run (a pending list is never cached)', async () => {
    const db = await provisionDatabase('sqlite');
    const t = await buildTestApp(db.env, { migrate: false });
    try {
      expect((await t.app.request('/health/ready')).status).toBe(503);
      await t.orm.migrate();
      expect((await t.app.request('/health/ready')).status).toBe(200);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});

describeEachDatabase('pending migrations', (type) => {
  it('a migration missing from the migrations table makes readiness 503, without writing anything', async () => {
    const db = await provisionDatabase(type);
    const t = await buildTestApp(db.env, { seed: false });
    try {
      const connection = t.orm.mikro.em.getConnection();
      const rows = await connection.execute<{ name: string }[]>('select name from filamenta_migrations order by id');
      expect(rows.map((r: { name: string }) => r.name)).toEqual(migrationNames(type));
      const last = rows[rows.length - 1].name;
      await connection.execute('delete from filamenta_migrations where name = ?', [last]);
      const res = await t.app.request('/health/ready');
      expect(res.status).toBe(503);
      expect((await json(res)).migrations.names).toEqual([last]);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});

describeEachDatabase('readiness probes during start-up migrations', (type) => {
  it('never break the migration, answer 503 or 200 (never 500), then 200', async () => {
    const db = await provisionDatabase(type);
    const t = await buildTestApp(db.env, { migrate: false });
    try {
      const probes = Array.from({ length: 10 }, () => t.app.request('/health/ready'));
      const migrating = t.orm.migrate();
      probes.push(...Array.from({ length: 10 }, () => t.app.request('/health/ready')));
      const ran = await migrating;
      expect(ran).toEqual(migrationNames(type));
      const statuses = (await Promise.all(probes)).map((r) => r.status);
      expect(statuses.every((s) => s === 503 || s === 200)).toBe(true);
      expect((await t.app.request('/health/ready')).status).toBe(200);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
