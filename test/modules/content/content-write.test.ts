/** POST/PATCH/DELETE /api/v1/content and publish/archive: roles, validation, slugs, ETag/If-Match, audit. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, User } from '#src/db/entities/index.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('content writes', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  const audit = (action: string) => t.orm.fork().find(AuditEvent, { action }, { orderBy: { id: 'asc' } });

  it('POST creates a draft with a slug from the title, an excerpt, ETag and Location, and audits it', async () => {
    const res = await t.send('POST', '/api/v1/content', t.editor.accessToken, { title: 'Crème Brûlée à Paris!', body: 'Hello   world' });
    expect(res.status).toBe(201);
    const item = await json(res);
    expect(item).toMatchObject({
      slug: 'creme-brulee-a-paris',
      status: 'draft',
      type: 'post',
      excerpt: 'Hello world',
      body: 'Hello   world',
    });
    expect(item).toMatchObject({ authorId: t.editor.user.id, publishedAt: null, version: 1 });
    expect(item.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(res.headers.get('etag')).toBe(`"${item.id}-1"`);
    expect(res.headers.get('location')).toBe(`/api/v1/content/${item.id}`);
    // The read path (Kysely rows) answers exactly what the write path (the entity) did, milliseconds included.
    expect(await json(await t.send('GET', `/api/v1/content/${item.id}`, t.editor.accessToken))).toEqual(item);
    const [event] = await audit('content.created');
    expect(event).toMatchObject({
      targetType: 'content',
      targetId: String(item.id),
      details: { slug: 'creme-brulee-a-paris', status: 'draft' },
    });
    expect(event.actor?.id).toBe(t.editor.user.id);
  });

  it('a status given on create is kept; published sets publishedAt; admins may create too', async () => {
    const item = await t.create({ title: 'Live', status: 'published', type: 'page' }, t.admin_.accessToken);
    expect(item).toMatchObject({ status: 'published', type: 'page', authorId: t.admin_.user.id });
    expect(item.publishedAt).toBe(t.now().toISOString());
  });

  it('a body as long as the API takes (1,000,000 characters, of two UTF-8 bytes each) is stored and read back whole', async () => {
    // MariaDB's text column held 65,535 bytes: the fuzzer's long body answered 500 "Data too long" there.
    const body = 'é'.repeat(1_000_000);
    const item = await t.create({ title: 'Long read', body, status: 'published' });
    const read = await json(await t.send('GET', `/api/v1/content/${item.id}`));
    expect(read.body.length).toBe(body.length);
    expect(read.body === body).toBe(true);
  });

  it('an excerpt cut inside a character of two UTF-16 units leaves it out whole, as stored and as answered', async () => {
    const item = await t.create({ title: 'Emoji', body: `${'a'.repeat(198)}${'😀'.repeat(5)}` });
    expect(item.excerpt).toBe(`${'a'.repeat(198)}…`);
    expect((await json(await t.send('GET', `/api/v1/content/${item.id}`, t.editor.accessToken))).excerpt).toBe(item.excerpt);
  });

  it('the same title gets -2, -3; a title without letters gets the type in front', async () => {
    const slugs = [];
    for (let i = 0; i < 3; i++) slugs.push((await t.create({ title: 'Hello, World' })).slug);
    expect(slugs).toEqual(['hello-world', 'hello-world-2', 'hello-world-3']);
    expect((await t.create({ title: '2024', type: 'article' })).slug).toBe('article-2024');
    expect((await t.create({ title: 'Straße Œuvre' })).slug).toBe('strasse-oeuvre');
  });

  it('anonymous writes are 401, members 403, for every write operation', async () => {
    const { id } = await t.create({ title: 'Guarded' });
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/content', { title: 'x' }],
      ['PATCH', `/api/v1/content/${id}`, { title: 'x' }],
      ['DELETE', `/api/v1/content/${id}`, undefined],
      ['POST', `/api/v1/content/${id}/publish`, undefined],
      ['POST', `/api/v1/content/${id}/archive`, undefined],
    ];
    for (const [method, path, body] of writes) {
      expect((await t.send(method, path, undefined, body, { 'if-match': '"1"' })).status, `${method} ${path}`).toBe(401);
      expect((await t.send(method, path, t.member.accessToken, body, { 'if-match': '"1"' })).status, `${method} ${path}`).toBe(403);
    }
    expect((await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken)).headers.get('etag')).toBe(`"${id}-1"`);
  });

  it('invalid bodies are 422 with one error per field', async () => {
    const res = await t.send('POST', '/api/v1/content', t.editor.accessToken, {
      title: '',
      type: 'poem',
      status: 'gone',
      slug: 'Bad Slug',
    });
    expect(res.status).toBe(422);
    const paths = (await json(res)).errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['slug', 'status', 'title', 'type']);
    const { id } = await t.create({ title: 'P' });
    const patch = await t.send(
      'PATCH',
      `/api/v1/content/${id}`,
      t.editor.accessToken,
      { status: 'published', slug: '123' },
      { 'if-match': '"1"' },
    );
    expect(patch.status).toBe(422);
    expect((await json(patch)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['', 'slug']);
  });

  it('an explicit slug that is taken is 409 on create and on PATCH', async () => {
    await t.create({ title: 'One', slug: 'taken' });
    const res = await t.send('POST', '/api/v1/content', t.editor.accessToken, { title: 'Two', slug: 'taken' });
    expect(res.status).toBe(409);
    expect((await json(res)).errors).toEqual([{ path: 'slug', message: 'already taken' }]);
    const { id } = await t.create({ title: 'Three' });
    const patch = await t.send('PATCH', `/api/v1/content/${id}`, t.editor.accessToken, { slug: 'taken' }, { 'if-match': '"1"' });
    expect(patch.status).toBe(409);
    expect((await json(await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken))).slug).toBe('three');
  });

  it('PATCH with the current ETag changes fields, bumps the version and audits the changed fields', async () => {
    const { id } = await t.create({ title: 'Draft', body: 'old body' });
    const res = await t.send(
      'PATCH',
      `/api/v1/content/${id}`,
      t.editor.accessToken,
      { title: 'Final', body: 'new body', slug: 'final' },
      { 'if-match': `"${id}-1"` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${id}-2"`);
    expect(await json(res)).toMatchObject({ title: 'Final', body: 'new body', excerpt: 'new body', slug: 'final', version: 2 });
    const [event] = await audit('content.updated');
    expect((event.details?.changed as string[]).sort()).toEqual(['body', 'slug', 'title']);
    const search = async (q: string) => (await json(await t.send('GET', `/api/v1/content?q=${q}`, t.editor.accessToken))).total;
    expect([await search('final'), await search('draft')]).toEqual([1, 0]);
  });

  it('PATCH with a stale If-Match is 412 and overwrites nothing; without If-Match it is 428', async () => {
    const { id } = await t.create({ title: 'Shared' });
    const first = await t.send('PATCH', `/api/v1/content/${id}`, t.editor.accessToken, { title: 'Mine' }, { 'if-match': `"${id}-1"` });
    expect(first.status).toBe(200);
    const second = await t.send(
      'PATCH',
      `/api/v1/content/${id}`,
      t.admin_.accessToken,
      { title: 'Theirs', body: 'x' },
      { 'if-match': `"${id}-1"` },
    );
    expect(second.status).toBe(412);
    expect(second.headers.get('etag')).toBe(`"${id}-2"`);
    const missing = await t.send('PATCH', `/api/v1/content/${id}`, t.admin_.accessToken, { title: 'Blind' });
    expect(missing.status).toBe(428);
    const now = await json(await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken));
    expect(now).toMatchObject({ title: 'Mine', body: '', version: 2 });
    expect(await audit('content.updated')).toHaveLength(1);
  });

  it('publish and archive move between states, keep the first publishedAt, and refuse a no-op with 409', async () => {
    const { id } = await t.create({ title: 'Cycle' });
    const publish = () => t.send('POST', `/api/v1/content/${id}/publish`, t.editor.accessToken);
    const archive = () => t.send('POST', `/api/v1/content/${id}/archive`, t.admin_.accessToken);
    const published = await publish();
    expect(published.status).toBe(200);
    const first = await json(published);
    expect(first).toMatchObject({ status: 'published', publishedAt: t.now().toISOString(), version: 2 });
    expect((await publish()).status).toBe(409);
    t.advance(60_000);
    expect(await json(await archive())).toMatchObject({ status: 'archived', version: 3 });
    expect((await archive()).status).toBe(409);
    expect(await json(await publish())).toMatchObject({ status: 'published', publishedAt: first.publishedAt, version: 4 });
    const stale = await t.send('POST', `/api/v1/content/${id}/archive`, t.editor.accessToken, undefined, { 'if-match': `"${id}-2"` });
    expect(stale.status).toBe(412);
    expect((await audit('content.published')).map((e) => e.details)).toEqual([{ from: 'draft' }, { from: 'archived' }]);
    expect(await audit('content.archived')).toHaveLength(1);
  });

  it('If-Match takes the ETag a read sent (weak or strong, in a list), and the bare version tags sent before; never another item’s', async () => {
    const { id } = await t.create({ title: 'Tagged' });
    const other = await t.create({ title: 'Other' });
    const read = await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${id}-1"`);
    // Another item at the same version: its tag does not name this one.
    const wrong = await t.send('POST', `/api/v1/content/${id}/publish`, t.editor.accessToken, undefined, { 'if-match': `"${other.id}-1"` });
    expect(wrong.status).toBe(412);
    expect(wrong.headers.get('etag')).toBe(etag);
    const published = await t.send('POST', `/api/v1/content/${id}/publish`, t.editor.accessToken, undefined, {
      'if-match': `"x", W/${etag}`,
    });
    expect(published.status).toBe(200);
    expect(published.headers.get('etag')).toBe(`"${id}-2"`);
    // A client holding the tag of before this version (a bare version) keeps working.
    const legacy = await t.send('POST', `/api/v1/content/${id}/archive`, t.editor.accessToken, undefined, { 'if-match': '"2"' });
    expect(legacy.status).toBe(200);
    expect((await t.send('DELETE', `/api/v1/content/${id}`, t.editor.accessToken, undefined, { 'if-match': `"${id}-2"` })).status).toBe(
      412,
    );
    expect((await t.send('DELETE', `/api/v1/content/${id}`, t.editor.accessToken, undefined, { 'if-match': `"${id}-3"` })).status).toBe(
      204,
    );
  });

  it('DELETE removes the item (404 after), audits it, and is 404 for an unknown id', async () => {
    const { id } = await t.create({ title: 'Gone soon' });
    expect((await t.send('DELETE', `/api/v1/content/${id}`, t.editor.accessToken, undefined, { 'if-match': '"9"' })).status).toBe(412);
    expect((await t.send('DELETE', `/api/v1/content/${id}`, t.editor.accessToken)).status).toBe(204);
    expect((await t.send('GET', `/api/v1/content/${id}`, t.editor.accessToken)).status).toBe(404);
    expect((await audit('content.deleted'))[0]).toMatchObject({ targetId: String(id), details: { slug: 'gone-soon', title: 'Gone soon' } });
    for (const [method, path] of [
      ['DELETE', `/api/v1/content/${id}`],
      ['POST', '/api/v1/content/999999/publish'],
      ['PATCH', '/api/v1/content/999999'],
    ]) {
      const res = await t.send(method, path, t.editor.accessToken, method === 'PATCH' ? { title: 'x' } : undefined, { 'if-match': '"1"' });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it('content outlives its author: deleting the user leaves authorId null', async () => {
    const { id } = await t.create({ title: 'Orphan', status: 'published' });
    await t.orm.fork().nativeDelete(User, { id: t.editor.user.id });
    const res = await t.send('GET', `/api/v1/content/${id}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ title: 'Orphan', authorId: null });
  });

  it('an author removed through the API gives their items a new version, so a cached copy with the old author is not reused', async () => {
    const { id } = await t.create({ title: 'Authored', status: 'published' });
    const etag = `"${id}-1"`;
    expect((await t.send('GET', `/api/v1/content/${id}`, undefined, undefined, { 'if-none-match': etag })).status).toBe(304);
    expect((await t.send('DELETE', `/api/v1/users/${t.editor.user.id}?hard=true`, t.admin_.accessToken)).status).toBe(204);
    const res = await t.send('GET', `/api/v1/content/${id}`, undefined, undefined, { 'if-none-match': etag });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${id}-2"`);
    expect(await json(res)).toMatchObject({ authorId: null, version: 2 });
  });
});
