/** GET/PATCH /api/v1/me and /api/v1/me/preferences: profile, password change, lockout, lazy preferences. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, RefreshToken, User, UserPreferences } from '#src/db/entities/index.ts';
import { toPublicUser } from '#src/modules/users/users.repository.ts';
import { PASSWORD } from '#test/support/auth.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('the signed-in account: /me and preferences', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  const patchMe = (body: unknown, token = t.member.accessToken) => t.send('PATCH', '/api/v1/me', token, body);
  const prefs = (body?: unknown, token = t.member.accessToken) =>
    body === undefined ? t.get('/api/v1/me/preferences', token) : t.send('PATCH', '/api/v1/me/preferences', token, body);
  const liveTokens = (userId: number) => t.orm.fork().count(RefreshToken, { user: userId, revokedAt: null });

  it('GET /me answers every role its own account, without secrets; anonymous and bad tokens are 401', async () => {
    for (const session of [t.member, t.editor, t.admin_]) {
      const res = await t.get('/api/v1/me', session.accessToken);
      expect(res.status).toBe(200);
      const me = await json(res);
      expect(me).toMatchObject({ id: session.user.id, username: session.user.username, role: session.user.role });
      expect(me).not.toHaveProperty('passwordHash');
      expect(me).not.toHaveProperty('totpSecret');
    }
    expect((await t.get('/api/v1/me')).status).toBe(401);
    expect((await t.get('/api/v1/me', 'not-a-token')).status).toBe(401);
    expect((await prefs()).status).toBe(200);
    expect((await t.get('/api/v1/me/preferences')).status).toBe(401);
    expect((await t.send('PATCH', '/api/v1/me/preferences', undefined, { theme: 'dark' })).status).toBe(401);
    expect((await t.send('PATCH', '/api/v1/me', undefined, { username: 'x-x-x' })).status).toBe(401);
  });

  it('GET /me, read on the driver, shows the account exactly as the entity read does (booleans, the times to the millisecond)', async () => {
    const lastLoginAt = new Date('2026-03-04T05:06:07.891Z');
    await t.orm.fork().nativeUpdate(User, { id: t.member.user.id }, { emailVerified: true, lastLoginAt });
    const res = await t.get('/api/v1/me', t.member.accessToken);
    expect(res.status).toBe(200);
    const entity = await t.orm.fork().findOneOrFail(User, { id: t.member.user.id });
    expect(await json(res)).toEqual(toPublicUser(entity));
    expect(await json(await t.get('/api/v1/me', t.member.accessToken))).toMatchObject({
      emailVerified: true,
      twoFactorEnabled: false,
      active: true,
      lastLoginAt: lastLoginAt.toISOString(),
    });
  });

  it('PATCH /me changes the username without a password and audits user.updated by the user', async () => {
    const res = await patchMe({ username: 'Mia.R' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ username: 'mia.r', email: 'mia@example.com' });
    const [event] = await t.orm.fork().find(AuditEvent, { action: 'user.updated' });
    expect(event).toMatchObject({ targetId: String(t.member.user.id), details: { changed: ['username'] } });
    expect(event.actor?.id).toBe(t.member.user.id);
    expect((await t.login('mia.r')).status).toBe(200);
  });

  it('an email change needs the current password and leaves the address unverified; the session survives', async () => {
    await t.orm.fork().nativeUpdate(User, { id: t.member.user.id }, { emailVerified: true });
    const missing = await patchMe({ email: 'new@example.com' });
    expect(missing.status).toBe(422);
    expect((await json(missing)).errors).toEqual([{ path: 'currentPassword', message: 'Required to change the email or the password' }]);
    const res = await patchMe({ email: 'New@Example.com', currentPassword: PASSWORD });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ email: 'new@example.com', emailVerified: false });
    expect((await t.orm.fork().find(AuditEvent, { action: 'user.updated' }))[0].details).toEqual({ changed: ['email', 'emailVerified'] });
    expect(await liveTokens(t.member.user.id)).toBe(1);
  });

  it('a password change with the right current password ends every session and the new password logs in', async () => {
    const second = await json(await t.login('mia'));
    const res = await patchMe({ password: 'my new long password', currentPassword: PASSWORD });
    expect(res.status).toBe(200);
    expect(await liveTokens(t.member.user.id)).toBe(0);
    for (const token of [t.member.refreshToken, second.refreshToken]) {
      expect((await t.post('/api/v1/auth/refresh', { refreshToken: token })).status).toBe(401);
    }
    expect((await t.login('mia')).status).toBe(401);
    expect((await t.login('mia', 'my new long password')).status).toBe(200);
    const events = await t.orm.fork().find(AuditEvent, { action: 'user.updated' });
    expect(events.map((e) => e.details)).toEqual([{ changed: ['password'] }]);
    expect(JSON.stringify(events)).not.toContain('my new long password');
  });

  it('a wrong current password is 401, changes nothing and counts toward the lockout (429 with Retry-After)', async () => {
    const res = await patchMe({ password: 'my new long password', currentPassword: 'not my password' });
    expect(res.status).toBe(401);
    expect((await json(res)).errors).toEqual([{ path: 'currentPassword', message: 'wrong password' }]);
    expect(await liveTokens(t.member.user.id)).toBe(1);
    expect((await t.orm.fork().findOneOrFail(User, { id: t.member.user.id })).failedLoginCount).toBe(1);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await patchMe({ email: 'x@example.com', currentPassword: `wrong ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const locked = await patchMe({ email: 'x@example.com', currentPassword: PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.orm.fork().findOneOrFail(User, { id: t.member.user.id })).email).toBe('mia@example.com');
    expect(await t.orm.fork().count(AuditEvent, { action: 'auth.lockout' })).toBe(1);
  });

  it('PATCH /me validation: 422 for a bad or too long password, unknown fields, an empty body; 409 for a taken name', async () => {
    const short = await patchMe({ password: 'short', currentPassword: PASSWORD });
    expect(short.status).toBe(422);
    expect((await json(short)).errors.map((e: { path: string }) => e.path)).toEqual(['password']);
    expect((await patchMe({ password: 'é'.repeat(129), currentPassword: PASSWORD })).status).toBe(422);
    expect((await patchMe({ role: 'admin' })).status).toBe(422);
    expect((await patchMe({})).status).toBe(422);
    expect((await patchMe({ currentPassword: PASSWORD })).status).toBe(422);
    const taken = await patchMe({ username: 'EDDIE' });
    expect(taken.status).toBe(409);
    expect((await json(taken)).errors).toEqual([{ path: 'username', message: 'already taken' }]);
    const email = await patchMe({ email: 'eddie@example.com', currentPassword: PASSWORD });
    expect((await json(email)).errors).toEqual([{ path: 'email', message: 'already taken' }]);
    expect(await t.orm.fork().findOneOrFail(User, { id: t.member.user.id })).toMatchObject({ role: 'member', username: 'mia' });
  });

  it('preferences are created with the defaults on first read, once, with no language chosen', async () => {
    expect(await t.orm.fork().count(UserPreferences, {})).toBe(0);
    const res = await prefs();
    expect(res.status).toBe(200);
    const first = await json(res);
    expect(first).toMatchObject({ theme: 'light', language: null, notifications: true });
    expect((await t.orm.fork().findOneOrFail(UserPreferences, { user: t.member.user.id })).language).toBeNull();
    expect(first.updatedAt).toMatch(/Z$/);
    expect(await json(await prefs())).toEqual(first);
    expect(await t.orm.fork().count(UserPreferences, { user: t.member.user.id })).toBe(1);
  });

  it('PATCH preferences changes only what is sent, creating the row when needed, per user', async () => {
    const res = await prefs({ theme: 'dark' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ theme: 'dark', language: null, notifications: true });
    expect(await json(await prefs({ language: 'es', notifications: false }))).toMatchObject({
      theme: 'dark',
      language: 'es',
      notifications: false,
    });
    expect(await json(await prefs())).toMatchObject({ theme: 'dark', language: 'es', notifications: false });
    // Another account's preferences are its own.
    expect(await json(await prefs(undefined, t.editor.accessToken))).toMatchObject({ theme: 'light', language: null });
    expect(await json(await prefs({ theme: 'auto', language: 'en' }, t.admin_.accessToken))).toMatchObject({
      theme: 'auto',
      language: 'en',
    });
  });

  it('PATCH preferences: 422 for bad values, unknown keys, an empty body; nothing is changed', async () => {
    const bad = await prefs({ theme: 'blue', language: 'de', notifications: 'yes' });
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['language', 'notifications', 'theme']);
    expect((await prefs({ font: 'serif' })).status).toBe(422);
    expect((await prefs({})).status).toBe(422);
    expect(
      (await t.send('PATCH', '/api/v1/me/preferences', t.member.accessToken, 'not json', { 'content-type': 'text/plain' })).status,
    ).toBe(415);
    expect(await json(await prefs())).toMatchObject({ theme: 'light', language: null, notifications: true });
  });

  it('PATCH preferences with language null forgets the chosen language; leaving it out keeps it', async () => {
    expect(await json(await prefs({ language: 'es' }))).toMatchObject({ language: 'es' });
    expect(await json(await prefs({ theme: 'dark' }))).toMatchObject({ theme: 'dark', language: 'es' });
    const cleared = await prefs({ language: null });
    expect(cleared.status).toBe(200);
    expect(await json(cleared)).toMatchObject({ theme: 'dark', language: null });
    expect((await t.orm.fork().findOneOrFail(UserPreferences, { user: t.member.user.id })).language).toBeNull();
    // null is not a wildcard for the other fields.
    expect((await prefs({ theme: null })).status).toBe(422);
    expect(await json(await prefs())).toMatchObject({ theme: 'dark', language: null });
  });

  it('parallel first reads and writes of the preferences create one row and lose no change', async () => {
    const responses = await Promise.all([prefs(), prefs({ theme: 'dark' }), prefs(), prefs({ notifications: false }), prefs()]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await t.orm.fork().count(UserPreferences, { user: t.member.user.id })).toBe(1);
    expect(await json(await prefs())).toMatchObject({ theme: 'dark', notifications: false });
  });
});
