/**
 * Content under concurrency: parallel creates of one title each get their own slug; parallel
 * writes of one version let exactly one through; and a write whose row changed between its read and
 * its UPDATE is stopped by the version check in that UPDATE (MikroORM's OptimisticLockError), on
 * every database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuditEvent, Content } from '#src/db/entities/index.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { connectDirect, type DirectDb } from '#test/support/direct-db.ts';
import { holdNextUpdate } from '#test/support/flush-gate.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const PARALLEL = 20;

describeEachDatabase('content concurrency', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  it(`${PARALLEL} parallel creates of the same title get distinct slugs hello, hello-2 ... hello-${PARALLEL}`, async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.send('POST', '/api/v1/content', i % 2 ? t.editor.accessToken : t.admin_.accessToken, { title: 'Hello', body: `#${i}` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const created = await Promise.all(responses.map(json));
    const expected = ['hello', ...Array.from({ length: PARALLEL - 1 }, (_, i) => `hello-${i + 2}`)];
    expect(created.map((c) => c.slug).sort()).toEqual([...expected].sort());
    expect(created.map((c) => c.body).sort()).toEqual(Array.from({ length: PARALLEL }, (_, i) => `#${i}`).sort());
    const em = t.orm.fork();
    const rows = await em.find(Content, {});
    expect(rows.map((r) => r.slug).sort()).toEqual([...expected].sort());
    expect(await em.count(AuditEvent, { action: 'content.created' })).toBe(PARALLEL);
  });

  it('parallel PATCHes with the same If-Match: exactly one wins, the others get 412', async () => {
    const { id } = await t.create({ title: 'Contended' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.send('PATCH', `/api/v1/content/${id}`, t.editor.accessToken, { title: `Writer ${i}` }, { 'if-match': '"1"' }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = await json(responses.find((r) => r.status === 200)!);
    const now = await json(await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken));
    expect(now).toMatchObject({ title: winner.title, version: 2 });
    expect(await t.orm.fork().count(AuditEvent, { action: 'content.updated' })).toBe(1);
  });

  describe('a write racing past its If-Match check', () => {
    let direct: DirectDb;
    beforeEach(async () => {
      direct = await connectDirect(t.db);
    });
    afterEach(() => direct?.close());

    /** Commits a change of `id` on a connection of its own, as another instance of the app would. */
    const writeElsewhere = (id: number, title: string) =>
      direct.query('update content set title = ?, version = version + 1 where id = ?', [title, id]);
    const row = async (id: number) => (await direct.query('select title, status, version from content where id = ?', [id]))[0];

    // The request reads version 1, If-Match "1" passes, then another writer commits version 2 before
    // the request's UPDATE runs. On MariaDB and PostgreSQL only the `version = 1` in that UPDATE's
    // WHERE can stop it: MikroORM raises OptimisticLockError for the row it did not update, answered
    // without an ETag. On SQLite (WAL) the database refuses the write of a transaction whose read
    // snapshot is stale (SQLITE_BUSY_SNAPSHOT); the rerun reads version 2 and If-Match answers, with
    // the current ETag.
    it.each([
      [
        'PATCH',
        (id: number) => t.send('PATCH', `/api/v1/content/${id}`, t.editor.accessToken, { title: 'Stale write' }, { 'if-match': '"1"' }),
      ],
      [
        'POST /publish',
        (id: number) => t.send('POST', `/api/v1/content/${id}/publish`, t.editor.accessToken, undefined, { 'if-match': '"1"' }),
      ],
    ])('%s answers 412 and overwrites nothing when the row changed after its read', async (_name, send) => {
      const { id } = await t.create({ title: 'Original' });
      const held = holdNextUpdate(t.orm, 'Content');
      const pending = send(id);
      await held.reached;
      await writeElsewhere(id, 'Written elsewhere');
      held.release();
      const res = await pending;
      expect(res.status).toBe(412);
      expect(await json(res)).toMatchObject({
        status: 412,
        detail: 'The content changed since you read it; fetch it again and reapply your change',
      });
      expect(res.headers.get('etag')).toBe(type === 'sqlite' ? `"${id}-2"` : null);
      expect(await row(id)).toMatchObject({ title: 'Written elsewhere', status: 'draft', version: 2 });
      const actions = ['content.updated', 'content.published'] as const;
      expect(await t.orm.fork().count(AuditEvent, { action: { $in: [...actions] } })).toBe(0);
    });
  });
});
