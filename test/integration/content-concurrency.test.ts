/** Many parallel creates of one title: all succeed, each with its own slug, nothing lost or doubled. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditEvent, Content } from '../../src/db/entities/index.ts';
import { buildContentApp, type ContentTestApp } from '../support/content.ts';
import { json } from '../support/http.ts';
import { describeEachDatabase } from '../support/matrix.ts';

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
});
