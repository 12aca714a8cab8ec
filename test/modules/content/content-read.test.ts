/** GET /api/v1/content and /content/{id} (an id or a slug): visibility by role, filters, search, pagination, 404. */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { type Json, json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('content reads', (type) => {
  let t: ContentTestApp;
  const ids: Record<string, number> = {};
  // Read-only cases share one data set: 3 published posts, 1 published page, a draft, an archived article.
  beforeAll(async () => {
    t = await buildContentApp(type);
    const make = async (title: string, body: Record<string, unknown>, token?: string) => {
      t.advance(1_000);
      ids[title] = (await t.create({ title, ...body }, token)).id;
    };
    await make('Écoles du Monde', { status: 'published', body: 'A long body '.repeat(30) });
    await make('Second post', { status: 'published' });
    await make('Third MONDE', { status: 'published' }, t.admin_.accessToken);
    await make('About us', { status: 'published', type: 'page' });
    await make('Work in progress', { body: 'secret draft' });
    await make('Old news', { type: 'article', status: 'published' });
    await t.send('POST', `/api/v1/content/${ids['Old news']}/archive`, t.editor.accessToken);
  });
  afterAll(() => t?.close());

  const list = async (query = '', token?: string): Promise<Json> => {
    const res = await t.send('GET', `/api/v1/content${query}`, token);
    expect(res.status, await res.clone().text()).toBe(200);
    return json(res);
  };
  const titles = (page: Json) => page.items.map((i: { title: string }) => i.title);

  it('anonymous callers and members see published items only, newest first, with excerpts and no body', async () => {
    for (const token of [undefined, t.member.accessToken]) {
      const page = await list('', token);
      expect(titles(page)).toEqual(['About us', 'Third MONDE', 'Second post', 'Écoles du Monde']);
      expect(page).toMatchObject({ page: 1, perPage: 20, total: 4 });
      expect(page.items[3]).not.toHaveProperty('body');
      expect(page.items[3].excerpt.length).toBeLessThanOrEqual(200);
      expect(page.items[3].excerpt).toMatch(/^A long body A long body .*…$/);
      expect(page.items[3].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect((await list('?status=draft', token)).total).toBe(0);
    }
  });

  it('editors and admins see every status and can filter by it', async () => {
    for (const token of [t.editor.accessToken, t.admin_.accessToken]) {
      expect((await list('', token)).total).toBe(6);
      expect(titles(await list('?status=draft', token))).toEqual(['Work in progress']);
      expect(titles(await list('?status=archived', token))).toEqual(['Old news']);
    }
  });

  it('filters by type, author and a case-insensitive title search, together', async () => {
    expect(titles(await list('?type=page'))).toEqual(['About us']);
    expect(titles(await list(`?author=${t.admin_.user.id}`))).toEqual(['Third MONDE']);
    expect(titles(await list('?q=monde'))).toEqual(['Third MONDE', 'Écoles du Monde']);
    expect(titles(await list('?q=MoNdE&type=post&author=' + t.editor.user.id))).toEqual(['Écoles du Monde']);
    expect(titles(await list('?q=%C3%89COLES'))).toEqual(['Écoles du Monde']);
    expect(titles(await list('?q=ecoles%20du'))).toEqual(['Écoles du Monde']);
    expect((await list('?q=%25')).total).toBe(0);
    expect((await list('?q=_')).total).toBe(0);
  });

  it('paginates with the total of the whole filtered set', async () => {
    const first = await list('?perPage=3', t.editor.accessToken);
    const second = await list('?perPage=3&page=2', t.editor.accessToken);
    const third = await list('?perPage=3&page=3', t.editor.accessToken);
    expect([first.items.length, second.items.length, third.items.length]).toEqual([3, 3, 0]);
    expect([first.total, second.total, third.total]).toEqual([6, 6, 6]);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(6);
    expect((await list('?perPage=100')).perPage).toBe(100);
  });

  it('invalid query parameters are 422 with the fields named', async () => {
    const res = await t.send('GET', '/api/v1/content?perPage=101&page=0&status=gone&type=poem&author=x');
    expect(res.status).toBe(422);
    const paths = (await json(res)).errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['author', 'page', 'perPage', 'status', 'type']);
  });

  it('a bad bearer token is 401 even on the public reads', async () => {
    expect((await t.send('GET', '/api/v1/content', 'garbage')).status).toBe(401);
    expect((await t.send('GET', '/api/v1/content/second-post', 'garbage')).status).toBe(401);
  });

  it('GET by slug or id answers the item with its body and ETag', async () => {
    const bySlug = await t.send('GET', '/api/v1/content/ecoles-du-monde');
    expect(bySlug.status).toBe(200);
    const item = await json(bySlug);
    expect(bySlug.headers.get('etag')).toBe(`"${item.id}-1"`);
    expect(item).toMatchObject({ id: ids['Écoles du Monde'], title: 'Écoles du Monde', status: 'published', type: 'post' });
    expect(item.body).toBe('A long body '.repeat(30));
    expect(await json(await t.send('GET', `/api/v1/content/${item.id}`))).toEqual(item);
  });

  it('If-None-Match with the current ETag answers 304 with no body, by slug or id; another tag answers the item', async () => {
    const id = ids['Écoles du Monde'];
    const etag = `"${id}-1"`;
    for (const path of [`/api/v1/content/ecoles-du-monde`, `/api/v1/content/${id}`]) {
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const res = await t.send('GET', path, undefined, undefined, { 'if-none-match': header });
        expect(res.status, `${path} ${header}`).toBe(304);
        expect(await res.text()).toBe('');
        expect(res.headers.get('etag')).toBe(etag);
        expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
        expect(res.headers.get('content-type')).toBeNull();
      }
    }
    // Another item's tag with the same version, or the bare version, is not this item's current copy.
    for (const header of [`"${ids['Second post']}-1"`, '"1"', `"${id}-2"`]) {
      const res = await t.send('GET', `/api/v1/content/${id}`, undefined, undefined, { 'if-none-match': header });
      expect(res.status, header).toBe(200);
      expect((await json(res)).id).toBe(id);
    }
    // A signed-in reader's copy is private and revalidated each time, 304 included.
    const editor = await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken, undefined, { 'if-none-match': etag });
    expect(editor.status).toBe(304);
    expect(editor.headers.get('cache-control')).toBe('private, no-cache');
    const full = await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken);
    expect(full.headers.get('cache-control')).toBe('private, no-cache');
    expect(full.headers.get('vary')).toContain('Authorization');
    const anonymous = await t.send('GET', `/api/v1/content/${id}`);
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    // A draft stays 404 to the public whatever tag is sent.
    const draft = ids['Work in progress'];
    expect((await t.send('GET', `/api/v1/content/${draft}`, undefined, undefined, { 'if-none-match': `"${draft}-1"` })).status).toBe(404);
  });

  it('drafts and archived items are 404 to the public and members, visible to editors', async () => {
    for (const slug of ['work-in-progress', 'old-news', String(ids['Work in progress']), 'no-such-thing', '999999']) {
      for (const token of [undefined, t.member.accessToken]) {
        const res = await t.send('GET', `/api/v1/content/${slug}`, token);
        expect(res.status, slug).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
    }
    const draft = await t.send('GET', '/api/v1/content/work-in-progress', t.editor.accessToken);
    expect(draft.status).toBe(200);
    expect(await json(draft)).toMatchObject({ status: 'draft', body: 'secret draft', publishedAt: null });
    expect((await t.send('GET', '/api/v1/content/old-news', t.admin_.accessToken)).status).toBe(200);
  });

  it('the OpenAPI document describes ETag, If-Match and the precondition failures', async () => {
    const doc = await json(await t.send('GET', '/api/v1/openapi.json'));
    const patch = doc.paths['/api/v1/content/{id}'].patch;
    expect(Object.keys(patch.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '422',
      '428',
      '503',
    ]);
    expect(patch.responses['200'].headers.ETag).toBeDefined();
    expect(patch.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'if-match', required: false }));
    expect(patch.security).toEqual([{ bearerAuth: [] }]);
    const get = doc.paths['/api/v1/content/{id}'].get;
    expect(get.responses['304'].headers).toHaveProperty('ETag');
    expect(get.responses['200'].headers).toHaveProperty('Cache-Control');
    expect(get.responses['304']).not.toHaveProperty('content');
    expect(get.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'if-none-match', required: false }));
    // Public, and a token, when sent, widens what an editor sees.
    expect(doc.paths['/api/v1/content'].get.security).toEqual([{}, { bearerAuth: [] }]);
    expect(doc.components.schemas.ContentSummary.properties).not.toHaveProperty('body');
  });
});
