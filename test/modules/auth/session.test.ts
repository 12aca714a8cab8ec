/** Access tokens, refresh rotation and reuse detection, logout, /auth/me, and the admin-only audit list. */
import { sign } from 'hono/jwt';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, RefreshToken, Setting } from '#src/db/entities/index.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, type Session } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

describeEachDatabase('sessions', (type) => {
  let t: AuthTestApp;
  let admin: Session;
  beforeEach(async () => {
    t = await buildAuthApp(type);
    admin = await t.admin('root');
  });
  afterEach(() => t?.close());

  const refresh = (refreshToken: string) => t.post('/api/v1/auth/refresh', { refreshToken });
  const me = (token?: string) => t.get('/api/v1/auth/me', token);

  it('GET /auth/me answers the account of the access token', async () => {
    const res = await me(admin.accessToken);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: admin.user.id, username: 'root', role: 'admin' });
  });

  it('GET /auth/me is 401 with WWW-Authenticate: Bearer without a token, with a forged or a refresh token', async () => {
    const forged = await sign({ sub: String(admin.user.id), role: 'admin', typ: 'access', exp: 4e9 }, 'another-key', 'HS256');
    for (const token of [undefined, 'garbage', forged, admin.refreshToken]) {
      const res = await me(token);
      expect(res.status, String(token)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="filamenta"/);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('a wrong method is 405 with Allow, before any authentication or rate limit', async () => {
    for (const [method, path, allow] of [
      ['POST', '/api/v1/auth/me', 'GET, HEAD'],
      ['DELETE', '/api/v1/audit', 'GET, HEAD'],
      ['GET', '/api/v1/auth/login', 'POST'],
      ['PUT', '/api/v1/setup', 'GET, HEAD, POST'],
    ]) {
      const res = await t.app.request(path, { method });
      expect([res.status, res.headers.get('allow')], `${method} ${path}`).toEqual([405, allow]);
    }
  });

  it('an access token expires after ACCESS_TOKEN_TTL seconds', async () => {
    t.advance(899_000);
    expect((await me(admin.accessToken)).status).toBe(200);
    t.advance(1_000);
    expect((await me(admin.accessToken)).status).toBe(401);
  });

  it('refresh rotates: new tokens, and the old refresh token is spent', async () => {
    const res = await refresh(admin.refreshToken);
    expect(res.status).toBe(200);
    const next: Session = await json(res);
    expect(next.refreshToken).not.toBe(admin.refreshToken);
    expect((await me(next.accessToken)).status).toBe(200);
    const rows = await t.orm.fork().find(RefreshToken, {}, { orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.familyId)).size).toBe(1);
    expect(rows[0].replacedById).toBe(rows[1].id);
    expect(rows.map((r) => r.tokenHash)).not.toContain(admin.refreshToken);
  });

  it('reusing a rotated refresh token revokes the whole family and writes auth.token_reuse', async () => {
    const second: Session = await json(await refresh(admin.refreshToken));
    const other: Session = await json(await t.login('root', PASSWORD));
    const reused = await refresh(admin.refreshToken);
    expect(reused.status).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    // Another login's family is untouched.
    expect((await refresh(other.refreshToken)).status).toBe(200);
    const events = await t.orm.fork().find(AuditEvent, { action: 'auth.token_reuse' });
    expect(events).toHaveLength(1);
    expect(events[0].actor?.id).toBe(admin.user.id);
  });

  it('of two concurrent refreshes with the same token, exactly one succeeds', async () => {
    const statuses = (await Promise.all([refresh(admin.refreshToken), refresh(admin.refreshToken)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('a refresh token expires after REFRESH_TOKEN_TTL_DAYS', async () => {
    t.advance(30 * 86_400_000);
    expect((await refresh(admin.refreshToken)).status).toBe(401);
  });

  it('logout revokes the session (204, also for an unknown token); its refresh token no longer works', async () => {
    const logout = await t.post('/api/v1/auth/logout', { refreshToken: admin.refreshToken });
    expect(logout.status).toBe(204);
    expect((await refresh(admin.refreshToken)).status).toBe(401);
    expect((await t.post('/api/v1/auth/logout', { refreshToken: 'unknown' })).status).toBe(204);
    expect(await t.orm.fork().count(AuditEvent, { action: 'auth.token_reuse' })).toBe(0);
  });

  it('GET /api/v1/audit is admin only: 401 anonymous, 403 for a member, 200 paginated for an admin', async () => {
    const em = t.orm.fork();
    (await em.findOneOrFail(Setting, { key: 'registration_enabled' })).value = true;
    await em.flush();
    await t.post('/api/v1/auth/register', { username: 'mia', email: 'mia@example.com', password: PASSWORD });
    const member: Session = await json(await t.login('mia'));
    expect((await t.get('/api/v1/audit')).status).toBe(401);
    expect((await t.get('/api/v1/audit', member.accessToken)).status).toBe(403);
    const page = await t.get('/api/v1/audit?perPage=2&action=user.created', admin.accessToken);
    expect(page.status).toBe(200);
    const body = await json(page);
    expect(body).toMatchObject({ page: 1, perPage: 2, total: 2 });
    expect(body.items.map((e: { details: { username: string } }) => e.details.username)).toEqual(['mia', 'root']);
    expect(Object.keys(body.items[0]).sort()).toEqual(['action', 'actorId', 'at', 'details', 'id', 'ip', 'targetId', 'targetType']);
    expect((await t.get('/api/v1/audit?perPage=101', admin.accessToken)).status).toBe(422);
  });
});
