/**
 * A database the migrations have not run on (before the install): a route that needs a table answers
 * 503 `urn:filamenta:problem:not-installed` saying what to do, not a 500, whether its query went
 * through MikroORM (public config) or straight to the driver (the content read); one warning, not
 * one error per request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { PROBLEM_TYPES } from '#src/http/problem.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { capturedLogger } from '#test/support/log-sink.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('a database with no tables', (type) => {
  let db: ProvisionedDb;
  let t: TestApp;
  const { lines, logger } = capturedLogger();
  beforeAll(async () => {
    db = await provisionDatabase(type);
    t = await buildTestApp(db.env, { migrate: false, logger });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it.each(['/api/v1/config', '/api/v1/content/some-slug', '/api/v1/content?page=1'])('GET %s answers 503 not-installed', async (path) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      type: PROBLEM_TYPES.notInstalled,
      title: 'Service Unavailable',
      status: 503,
      detail: 'The database has no tables yet: install first (the console at /admin, or npm run db:migrate).',
      instance: path.split('?')[0],
      requestId: expect.any(String),
    });
  });

  it('logs one warning for all of them, and no unhandled error', () => {
    expect(lines.filter((l) => l.msg === 'a table is missing: the migrations have not run on this database')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'unhandled error')).toEqual([]);
  });
});
