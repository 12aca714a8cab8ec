/** GET /api/v1/audit: filters by action, actor, target and time range; bad filters are 422 field errors. */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { AuditEvent } from '#src/db/entities/index.ts';
import { type AuditInput, recordAudit } from '#src/modules/audit/audit.service.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

// Years before the app's clock, so the events the fixture's sign-ins record never match a range here.
const T0 = Date.parse('2020-03-01T00:00:00.000Z');
const hour = (n: number) => new Date(T0 + n * 3_600_000);

describeEachDatabase('audit filters', (type) => {
  let t: ContentTestApp;
  let ids: Record<string, number>;
  beforeAll(async () => {
    t = await buildContentApp(type);
    const admin = t.admin_.user.id;
    const editor = t.editor.user.id;
    const events: Record<string, AuditInput> = {
      login: { action: 'auth.login', actorId: admin, targetType: 'user', targetId: admin, at: hour(0) },
      created7: { action: 'content.created', actorId: editor, targetType: 'content', targetId: 7, at: hour(1) },
      updated7: { action: 'content.updated', actorId: editor, targetType: 'content', targetId: 7, at: hour(2) },
      created8: { action: 'content.created', actorId: editor, targetType: 'content', targetId: 8, at: hour(3) },
      settings: { action: 'settings.updated', actorId: admin, targetType: 'settings', at: hour(4) },
    };
    const em = t.orm.fork();
    const rows = Object.fromEntries(Object.entries(events).map(([name, input]) => [name, recordAudit(em, input)]));
    await em.flush();
    ids = Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, row.id]));
  });
  afterAll(() => t?.close());

  const RANGE = `from=${hour(0).toISOString()}&to=${hour(5).toISOString()}`;
  const list = async (query: string) => {
    const res = await t.send('GET', `/api/v1/audit?${query}`, t.admin_.accessToken);
    expect(res.status, await res.clone().text()).toBe(200);
    return json(res);
  };
  const idsOf = async (query: string) => ((await list(query)).items as { id: number }[]).map((e) => e.id);

  it('filters by time range: from inclusive, to exclusive, offsets allowed', async () => {
    expect(await idsOf(RANGE)).toEqual([ids.settings, ids.created8, ids.updated7, ids.created7, ids.login]);
    expect(await idsOf(`from=${hour(1).toISOString()}&to=${hour(3).toISOString()}`)).toEqual([ids.updated7, ids.created7]);
    // 02:00+01:00 is 01:00Z.
    expect(await idsOf(`from=2020-03-01T02:00:00%2B01:00&to=${hour(2).toISOString()}`)).toEqual([ids.created7]);
  });

  it('filters by target type and id, together or alone', async () => {
    expect(await idsOf(`${RANGE}&targetType=content`)).toEqual([ids.created8, ids.updated7, ids.created7]);
    expect(await idsOf(`${RANGE}&targetType=content&targetId=7`)).toEqual([ids.updated7, ids.created7]);
    expect(await idsOf(`${RANGE}&targetId=8`)).toEqual([ids.created8]);
    expect(await idsOf(`${RANGE}&targetType=settings`)).toEqual([ids.settings]);
    expect(await list(`${RANGE}&targetType=nothing`)).toMatchObject({ items: [], total: 0 });
  });

  it('filters by actor and action, combined with the rest', async () => {
    expect(await idsOf(`${RANGE}&actorId=${t.editor.user.id}`)).toEqual([ids.created8, ids.updated7, ids.created7]);
    expect(await idsOf(`${RANGE}&actorId=${t.admin_.user.id}&action=settings.updated`)).toEqual([ids.settings]);
    expect(await idsOf(`${RANGE}&action=content.created&targetId=7`)).toEqual([ids.created7]);
    // Without a range, the actor filter counts every event of that actor.
    const all = await t.orm.fork().count(AuditEvent, { actor: t.editor.user.id });
    expect((await list(`actorId=${t.editor.user.id}&perPage=100`)).total).toBe(all);
  });

  it('pages a filtered list with its total', async () => {
    const page = await list(`${RANGE}&targetType=content&perPage=2&page=2`);
    expect(page).toMatchObject({ page: 2, perPage: 2, total: 3 });
    expect(page.items.map((e: { id: number }) => e.id)).toEqual([ids.created7]);
    expect(page.items[0]).toEqual({
      id: ids.created7,
      at: hour(1).toISOString(),
      actorId: t.editor.user.id,
      action: 'content.created',
      targetType: 'content',
      targetId: '7',
      ip: null,
      details: null,
    });
  });

  it.each([
    ['action=content.exploded', 'action'],
    ['actorId=abc', 'actorId'],
    ['actorId=0', 'actorId'],
    ['actorId=1.5', 'actorId'],
    ['from=yesterday', 'from'],
    ['to=2020-13-01T00:00:00Z', 'to'],
    [`from=${hour(2).toISOString()}&to=${hour(1).toISOString()}`, 'to'],
    [`from=${hour(1).toISOString()}&to=${hour(1).toISOString()}`, 'to'],
    [`targetType=${'x'.repeat(33)}`, 'targetType'],
    [`targetId=${'9'.repeat(65)}`, 'targetId'],
    ['targetType=', 'targetType'],
    // Outside the years every database stores: PostgreSQL answered 500 for year 0.
    ['from=0000-01-01T00:00:00Z', 'from'],
    ['to=0999-12-31T23:59:59Z', 'to'],
    ['from=9999-12-31T23:00:00-02:00', 'from'],
  ])('answers 422 for %s, naming the field', async (query, field) => {
    const res = await t.send('GET', `/api/v1/audit?${query}`, t.admin_.accessToken);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await json(res)).errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });

  it('stays admin only with filters: anonymous 401, editor and member 403', async () => {
    expect((await t.send('GET', `/api/v1/audit?${RANGE}`)).status).toBe(401);
    expect((await t.send('GET', `/api/v1/audit?${RANGE}`, t.editor.accessToken)).status).toBe(403);
    expect((await t.send('GET', `/api/v1/audit?${RANGE}`, t.member.accessToken)).status).toBe(403);
  });
});
