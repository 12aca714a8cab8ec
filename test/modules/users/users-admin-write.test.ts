/** PATCH/DELETE /api/v1/users/{id}: changes, audit, revoked sessions, self and last-admin rules, soft and hard delete. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, Content, RefreshToken, User, UserPreferences } from '#src/db/entities/index.ts';
import { PASSWORD } from '#test/support/auth.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('users administration: change and delete', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  const patch = (id: number, body: unknown, token = t.admin_.accessToken) => t.send('PATCH', `/api/v1/users/${id}`, token, body);
  const remove = (id: number, query = '', token = t.admin_.accessToken) => t.send('DELETE', `/api/v1/users/${id}${query}`, token);
  const events = (action: string) => t.orm.fork().find(AuditEvent, { action }, { orderBy: { id: 'asc' } });
  const liveTokens = (userId: number) => t.orm.fork().count(RefreshToken, { user: userId, revokedAt: null });
  const refresh = (token: string) => t.post('/api/v1/auth/refresh', { refreshToken: token });

  it('PATCH changes fields, audits only the changed names, and a new email is unverified unless stated', async () => {
    const id = t.member.user.id;
    await t.orm.fork().nativeUpdate(User, { id }, { emailVerified: true });
    const res = await patch(id, { username: 'Mila', email: 'MILA@example.com', role: 'member' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ username: 'mila', email: 'mila@example.com', emailVerified: false, role: 'member' });
    const [event] = await events('user.updated');
    expect(event).toMatchObject({ targetType: 'user', targetId: String(id), details: { changed: ['username', 'email', 'emailVerified'] } });
    expect(event.actor?.id).toBe(t.admin_.user.id);
    const kept = await json(await patch(id, { email: 'mia2@example.com', emailVerified: true }));
    expect(kept).toMatchObject({ email: 'mia2@example.com', emailVerified: true });
    // The member's session survives an email change.
    expect(await liveTokens(id)).toBe(1);
    // A no-op PATCH answers the account and writes no event.
    expect((await patch(id, { username: 'mila' })).status).toBe(200);
    expect(await events('user.updated')).toHaveLength(2);
  });

  it('promoting, demoting, deactivating and resetting a password revoke the refresh tokens; the audit never holds the password', async () => {
    const id = t.member.user.id;
    expect((await patch(id, { role: 'editor' })).status).toBe(200);
    expect(await liveTokens(id)).toBe(0);
    expect((await refresh(t.member.refreshToken)).status).toBe(401);
    // The role is read per request: the old access token now acts as an editor.
    expect((await t.send('POST', '/api/v1/content', t.member.accessToken, { title: 'Now allowed' })).status).toBe(201);

    const editor = t.editor;
    expect((await patch(editor.user.id, { role: 'member' })).status).toBe(200);
    expect((await t.send('POST', '/api/v1/content', editor.accessToken, { title: 'No longer' })).status).toBe(403);

    const fresh = await json(await t.login('eddie'));
    expect((await patch(editor.user.id, { password: 'a brand new secret' })).status).toBe(200);
    expect((await refresh(fresh.refreshToken)).status).toBe(401);
    expect((await t.login('eddie')).status).toBe(401);
    expect((await t.login('eddie', 'a brand new secret')).status).toBe(200);
    const reset = (await events('user.updated')).at(-1)!;
    expect(reset.details).toEqual({ changed: ['password'] });
    expect(JSON.stringify(await events('user.updated'))).not.toContain('a brand new secret');

    const again = await json(await t.login('eddie', 'a brand new secret'));
    expect((await patch(editor.user.id, { active: false })).status).toBe(200);
    expect(await liveTokens(editor.user.id)).toBe(0);
    expect((await t.get('/api/v1/me', again.accessToken)).status).toBe(401);
    expect((await refresh(again.refreshToken)).status).toBe(401);
    // A disabled account with the right password: 403, no session.
    const login = await t.login('eddie', 'a brand new secret');
    expect(login.status).toBe(403);
    expect(await liveTokens(editor.user.id)).toBe(0);
    expect((await patch(editor.user.id, { active: true })).status).toBe(200);
    expect((await t.login('eddie', 'a brand new secret')).status).toBe(200);
  });

  it('PATCH validation: 422 for bad values, unknown fields and an empty body; 404 unknown id; 409 taken name or email', async () => {
    const id = t.member.user.id;
    const bad = await patch(id, { role: 'owner', active: 'no', email: 'x', password: 'short', username: 'a b c' });
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'active',
      'email',
      'password',
      'role',
      'username',
    ]);
    expect((await patch(id, { passwordHash: 'x' })).status).toBe(422);
    expect((await patch(id, {})).status).toBe(422);
    expect((await patch(999999, { role: 'editor' })).status).toBe(404);
    const taken = await patch(id, { username: 'Eddie' });
    expect(taken.status).toBe(409);
    expect((await json(taken)).errors).toEqual([{ path: 'username', message: 'already taken' }]);
    expect((await json(await patch(id, { email: 'eddie@example.com' }))).errors).toEqual([{ path: 'email', message: 'already taken' }]);
    expect(await t.orm.fork().findOneOrFail(User, { id })).toMatchObject({ username: 'mia', email: 'mia@example.com' });
    expect(await events('user.updated')).toHaveLength(0);
  });

  it('an admin cannot demote, deactivate, delete or set the password of their own account (403)', async () => {
    const self = t.admin_.user.id;
    for (const body of [{ role: 'editor' }, { active: false }, { password: 'another password' }]) {
      const res = await patch(self, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(await json(res)).toMatchObject({ type: 'urn:filamenta:problem:own-account', detail: expect.stringMatching(/own/) });
    }
    for (const query of ['', '?hard=true']) {
      const res = await remove(self, query);
      expect(res.status).toBe(403);
      expect((await json(res)).type).toBe('urn:filamenta:problem:own-account');
    }
    // The role refusal is another type: a member is turned away by the admin-only guard.
    const member = await t.send('DELETE', `/api/v1/users/${self}`, t.member.accessToken);
    expect(member.status).toBe(403);
    expect((await json(member)).type).not.toBe('urn:filamenta:problem:own-account');
    const doc = await json(await t.send('GET', '/api/v1/openapi.json'));
    for (const method of ['patch', 'delete']) {
      const description = doc.paths['/api/v1/users/{id}'][method].responses['403'].description;
      expect(description).toContain('urn:filamenta:problem:own-account');
      expect(description).toContain('urn:filamenta:problem:not-admin');
    }
    expect(await t.orm.fork().findOneOrFail(User, { id: self })).toMatchObject({ role: 'admin', active: true, deletedAt: null });
    // Harmless changes to oneself are fine.
    expect((await patch(self, { username: 'rooty', role: 'admin', active: true })).status).toBe(200);
  });

  it('a demoted admin loses admin rights at once; the one admin left cannot remove herself', async () => {
    const body = { username: 'ada', email: 'ada@example.com', password: PASSWORD, role: 'admin' };
    const second = await json(await t.send('POST', '/api/v1/users', t.admin_.accessToken, body));
    const ada = await json(await t.login('ada'));
    expect((await patch(t.admin_.user.id, { role: 'member' }, ada.accessToken)).status).toBe(200);
    expect((await t.send('GET', '/api/v1/users', t.admin_.accessToken)).status).toBe(403);
    expect(await liveTokens(t.admin_.user.id)).toBe(0);
    for (const res of [await patch(second.id, { role: 'editor' }, ada.accessToken), await remove(second.id, '', ada.accessToken)]) {
      expect(res.status).toBe(403);
    }
    expect(await t.orm.fork().count(User, { role: 'admin', active: true, deletedAt: null })).toBe(1);
    // A deactivated administrator is not an active one: it may be deleted.
    expect((await patch(t.admin_.user.id, { role: 'admin', active: false }, ada.accessToken)).status).toBe(200);
    expect((await remove(t.admin_.user.id, '', ada.accessToken)).status).toBe(204);
  });

  it('DELETE soft-deletes: deactivated, signed out, hidden from login and requireAuth, name and email stay taken', async () => {
    const { id } = t.member.user;
    const res = await remove(id);
    expect(res.status).toBe(204);
    const row = await t.orm.fork().findOneOrFail(User, { id });
    expect(row).toMatchObject({ active: false, username: 'mia' });
    expect(row.deletedAt?.toISOString()).toBe(t.now().toISOString());
    expect(await liveTokens(id)).toBe(0);
    expect((await t.get('/api/v1/me', t.member.accessToken)).status).toBe(401);
    expect((await refresh(t.member.refreshToken)).status).toBe(401);
    // The same answer as a wrong password: a deleted account is not revealed.
    for (const login of ['mia', 'mia@example.com']) {
      const attempt = await t.login(login);
      expect(attempt.status).toBe(401);
      expect((await json(attempt)).detail).toBe('Wrong username, email or password');
    }
    expect(
      (await t.send('POST', '/api/v1/users', t.admin_.accessToken, { username: 'mia', email: 'm2@example.com', password: PASSWORD }))
        .status,
    ).toBe(409);
    const [event] = await events('user.deleted');
    expect(event).toMatchObject({ targetId: String(id), details: { hard: false, username: 'mia' } });
    // A second soft delete and a PATCH are 409; a hard delete still works.
    expect((await remove(id)).status).toBe(409);
    expect((await patch(id, { active: true })).status).toBe(409);
    expect((await remove(id, '?hard=true')).status).toBe(204);
    expect(await t.orm.fork().count(User, { id })).toBe(0);
  });

  it('DELETE ?hard=true removes the row: content keeps a null author, tokens and preferences go, the audit stays', async () => {
    const { id } = t.editor.user;
    const item = await t.create({ title: 'Orphan to be' });
    expect((await t.get('/api/v1/me/preferences', t.editor.accessToken)).status).toBe(200);
    expect((await remove(id, '?hard=true')).status).toBe(204);
    const em = t.orm.fork();
    expect(await em.count(User, { id })).toBe(0);
    expect((await em.findOneOrFail(Content, { id: item.id })).author).toBeNull();
    expect(await em.count(RefreshToken, { user: id })).toBe(0);
    expect(await em.count(UserPreferences, { user: id })).toBe(0);
    const [event] = await events('user.deleted');
    expect(event).toMatchObject({ targetId: String(id), details: { hard: true, username: 'eddie' } });
    // The name is free again.
    expect(
      (await t.send('POST', '/api/v1/users', t.admin_.accessToken, { username: 'eddie', email: 'eddie@example.com', password: PASSWORD }))
        .status,
    ).toBe(201);
    expect((await remove(id)).status).toBe(404);
    expect((await remove(id, '?hard=maybe')).status).toBe(422);
  });
});
