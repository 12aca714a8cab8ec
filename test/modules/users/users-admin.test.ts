/** GET/POST /api/v1/users and GET /api/v1/users/{id}: roles, validation, conflicts, search and filters, audit. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, User } from '#src/db/entities/index.ts';
import { PASSWORD } from '#test/support/auth.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const SECRET_FIELDS = ['passwordHash', 'totpSecret', 'totpLastStep', 'failedLoginCount', 'backupCodes'];

describeEachDatabase('users administration: list, create, read', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  const create = (body: Record<string, unknown>, token = t.admin_.accessToken) => t.send('POST', '/api/v1/users', token, body);
  const list = async (query = '') => json(await t.send('GET', `/api/v1/users${query}`, t.admin_.accessToken));
  const names = (page: { items: { username: string }[] }) => page.items.map((u) => u.username);

  it('POST creates an account with its role, answers 201 with Location, audits user.created by the admin, and it can log in', async () => {
    const res = await create({ username: 'Grace', email: 'Grace@Example.com', password: PASSWORD, role: 'editor' });
    expect(res.status).toBe(201);
    const user = await json(res);
    expect(user).toMatchObject({ username: 'grace', email: 'grace@example.com', role: 'editor', active: true, deletedAt: null });
    expect(res.headers.get('location')).toBe(`/api/v1/users/${user.id}`);
    for (const field of SECRET_FIELDS) expect(user).not.toHaveProperty(field);
    const [event] = await t.orm.fork().find(AuditEvent, { action: 'user.created', targetId: String(user.id) });
    expect(event).toMatchObject({ targetType: 'user', details: { username: 'grace', role: 'editor' } });
    expect(event.actor?.id).toBe(t.admin_.user.id);
    expect((await t.login('grace')).status).toBe(200);
    expect((await create({ username: 'plain', email: 'plain@example.com', password: PASSWORD })).status).toBe(201);
    expect((await t.orm.fork().findOneOrFail(User, { username: 'plain' })).role).toBe('member');
  });

  it('every operation is 401 anonymous, 403 for members and editors, 200 for admins', async () => {
    const id = t.member.user.id;
    const operations: [string, string, unknown][] = [
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/users', { username: 'x-user', email: 'x@example.com', password: PASSWORD }],
      ['GET', `/api/v1/users/${id}`, undefined],
      ['PATCH', `/api/v1/users/${id}`, { role: 'editor' }],
      ['DELETE', `/api/v1/users/${id}`, undefined],
    ];
    for (const [method, path, body] of operations) {
      const anonymous = await t.send(method, path, undefined, body);
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await t.send(method, path, t.member.accessToken, body)).status, `${method} ${path}`).toBe(403);
      expect((await t.send(method, path, t.editor.accessToken, body)).status, `${method} ${path}`).toBe(403);
    }
    // Nothing above got through: the member is unchanged and no x-user exists.
    expect(await t.orm.fork().findOneOrFail(User, { id })).toMatchObject({ role: 'member', deletedAt: null });
    expect(await t.orm.fork().count(User, { username: 'x-user' })).toBe(0);
    expect((await t.send('GET', `/api/v1/users/${id}`, t.admin_.accessToken)).status).toBe(200);
  });

  it('invalid bodies and queries are 422 with one error per field', async () => {
    const res = await create({ username: 'a b', email: 'nope', password: 'short', role: 'owner' });
    expect(res.status).toBe(422);
    expect((await json(res)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password', 'role', 'username']);
    const tooLong = await create({ username: 'longpw', email: 'l@example.com', password: 'é'.repeat(129) });
    expect(tooLong.status).toBe(422);
    for (const query of ['?perPage=101', '?page=0', '?active=yes', '?role=owner', '?deleted=maybe']) {
      expect((await t.send('GET', `/api/v1/users${query}`, t.admin_.accessToken)).status, query).toBe(422);
    }
    expect((await t.send('GET', '/api/v1/users/abc', t.admin_.accessToken)).status).toBe(422);
  });

  it('a taken username or email is 409 naming the field, whatever its case', async () => {
    const before = await t.orm.fork().count(AuditEvent, { action: 'user.created' });
    const taken = await create({ username: 'EDDIE', email: 'new@example.com', password: PASSWORD });
    expect(taken.status).toBe(409);
    expect((await json(taken)).errors).toEqual([{ path: 'username', message: 'already taken' }]);
    const email = await create({ username: 'newname', email: 'MIA@example.com', password: PASSWORD });
    expect(email.status).toBe(409);
    expect((await json(email)).errors).toEqual([{ path: 'email', message: 'already taken' }]);
    expect(await t.orm.fork().count(AuditEvent, { action: 'user.created' })).toBe(before);
    expect(await t.orm.fork().count(User, {})).toBe(3);
  });

  it('GET /users/{id} returns the account (soft-deleted ones too) and 404 for an unknown id', async () => {
    const res = await t.send('GET', `/api/v1/users/${t.editor.user.id}`, t.admin_.accessToken);
    expect(res.status).toBe(200);
    const user = await json(res);
    expect(user).toMatchObject({ id: t.editor.user.id, username: 'eddie', role: 'editor', lastLoginIp: null, lockedUntil: null });
    expect(user.lastLoginAt).toBe(t.now().toISOString());
    for (const field of SECRET_FIELDS) expect(user).not.toHaveProperty(field);
    expect((await t.send('DELETE', `/api/v1/users/${t.member.user.id}`, t.admin_.accessToken)).status).toBe(204);
    expect(await json(await t.send('GET', `/api/v1/users/${t.member.user.id}`, t.admin_.accessToken))).toMatchObject({
      deletedAt: t.now().toISOString(),
      active: false,
    });
    const missing = await t.send('GET', '/api/v1/users/999999', t.admin_.accessToken);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('lists newest first with page, perPage and total', async () => {
    for (const name of ['usr1', 'usr2', 'usr3']) {
      expect((await create({ username: name, email: `${name}@example.com`, password: PASSWORD })).status).toBe(201);
    }
    const first = await list('?perPage=2');
    expect(first).toMatchObject({ page: 1, perPage: 2, total: 6 });
    expect(names(first)).toEqual(['usr3', 'usr2']);
    expect(names(await list('?perPage=2&page=3'))).toEqual(['eddie', 'root']);
    const all = await list();
    expect(names(all)).toEqual(['usr3', 'usr2', 'usr1', 'mia', 'eddie', 'root']);
    for (const user of all.items) for (const field of SECRET_FIELDS) expect(user).not.toHaveProperty(field);
    expect((await list('?page=9')).items).toEqual([]);
  });

  it('q searches username and email case-insensitively, with _ and % taken literally', async () => {
    for (const [username, email] of [
      ['a_b', 'first@alpha.org'],
      ['axb', 'second@beta.org'],
      ['zed', 'a_b.fan@gamma.org'],
    ]) {
      expect((await create({ username, email, password: PASSWORD })).status).toBe(201);
    }
    expect(names(await list('?q=A_B')).sort()).toEqual(['a_b', 'zed']);
    expect(names(await list('?q=ALPHA'))).toEqual(['a_b']);
    expect(names(await list('?q=%25'))).toEqual([]);
    expect((await list('?q=example.com')).total).toBe(3);
  });

  it('filters by role and active, and leaves soft-deleted accounts out unless deleted=true or only', async () => {
    expect((await t.send('PATCH', `/api/v1/users/${t.editor.user.id}`, t.admin_.accessToken, { active: false })).status).toBe(200);
    expect((await t.send('DELETE', `/api/v1/users/${t.member.user.id}`, t.admin_.accessToken)).status).toBe(204);
    expect(names(await list())).toEqual(['eddie', 'root']);
    expect(names(await list('?role=admin'))).toEqual(['root']);
    expect(names(await list('?active=false'))).toEqual(['eddie']);
    expect(names(await list('?active=true'))).toEqual(['root']);
    expect(names(await list('?deleted=true'))).toEqual(['mia', 'eddie', 'root']);
    expect(names(await list('?deleted=only'))).toEqual(['mia']);
    expect(names(await list('?deleted=true&role=member&active=false'))).toEqual(['mia']);
  });
});
