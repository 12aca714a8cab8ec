import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '#src/app.ts';
import { createLifecycle } from '#src/http/draining.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';

describe('readiness while the server drains', () => {
  let db: ProvisionedDb;
  let t: TestApp;
  beforeAll(async () => {
    db = await provisionDatabase('sqlite');
    t = await buildTestApp({ ...db.env, BASE_PATH: '/filamenta' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('GET /health/ready answers 503 "shutting down" from the moment the drain begins; /health stays 200', async () => {
    const lifecycle = createLifecycle();
    const app = createApp({ ...t, lifecycle });
    expect((await app.request('/filamenta/health/ready')).status).toBe(200);

    lifecycle.beginDrain();
    for (const path of ['/filamenta/health/ready', '/filamenta/health/ready/', '/health/ready']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await json(res)).toEqual({ status: 'unavailable', reason: 'shutting down' });
    }
    const live = await app.request('/filamenta/health');
    expect(live.status).toBe(200);
    expect(await json(live)).toMatchObject({ status: 'ok' });
  });
});
