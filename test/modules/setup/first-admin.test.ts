/** The first administrator through POST /api/v1/setup, with the server's SETUP_TOKEN. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, User } from '#src/db/entities/index.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, SETUP_TOKEN } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const account = (username: string) => ({ username, email: `${username}@example.com`, password: PASSWORD });

describeEachDatabase('the first administrator', (type) => {
  let t: AuthTestApp;
  beforeEach(async () => {
    t = await buildAuthApp(type);
  });
  afterEach(() => t?.close());

  it('POST /api/v1/setup with the token creates an administrator (201), stored lower-cased and hashed, audited', async () => {
    const res = await t.post('/api/v1/setup', { token: SETUP_TOKEN, ...account('Ada'), email: 'Ada@Example.COM' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ username: 'ada', email: 'ada@example.com', role: 'admin', active: true, emailVerified: false });
    expect(body).not.toHaveProperty('passwordHash');
    const em = t.orm.fork();
    const user = await em.findOneOrFail(User, { id: body.id });
    expect(user.passwordHash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);
    const events = await em.find(AuditEvent, { action: 'user.created' });
    expect(events.map((e) => [e.targetType, e.targetId, e.actor?.id])).toEqual([['user', String(body.id), body.id]]);
  });

  it('refuses a wrong token with 403 and creates nothing', async () => {
    const res = await t.post('/api/v1/setup', { token: 'not-the-token-at-all', ...account('ada') });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await t.orm.fork().count(User, {})).toBe(0);
  });

  it('answers 409 to a second setup once an administrator exists, even with the right token', async () => {
    await t.admin('first');
    const res = await t.post('/api/v1/setup', { token: SETUP_TOKEN, ...account('second') });
    expect(res.status).toBe(409);
    expect(await t.orm.fork().count(User, {})).toBe(1);
  });

  it('of several concurrent setups, exactly one creates an administrator; the others get 409', async () => {
    const names = ['ann', 'bob', 'cat', 'dan'];
    const responses = await Promise.all(names.map((name) => t.post('/api/v1/setup', { token: SETUP_TOKEN, ...account(name) })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await t.orm.fork().count(User, { role: 'admin' })).toBe(1);
  });

  it('is disabled with a clear 403 when SETUP_TOKEN is not set', async () => {
    const off = await buildAuthApp(type, { SETUP_TOKEN: '' });
    try {
      const res = await off.post('/api/v1/setup', { token: 'anything-at-all', ...account('ada') });
      expect(res.status).toBe(403);
      expect((await json(res)).detail).toMatch(/SETUP_TOKEN is not set.*admin:create/);
    } finally {
      await off.close();
    }
  });

  it('answers 422 with one error per invalid field and the request id', async () => {
    const res = await t.post('/api/v1/setup', { token: '', username: 'a@b', email: 'nope', password: 'short' });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password', 'token', 'username']);
    expect(body.errors.find((e: { path: string }) => e.path === 'password').message).toMatch(/at least 8/);
  });

  it('refuses a password over 256 bytes even when it is under 256 characters', async () => {
    const res = await t.post('/api/v1/setup', { token: SETUP_TOKEN, ...account('ada'), password: 'é'.repeat(129) });
    expect(res.status).toBe(422);
    expect((await json(res)).errors).toEqual([{ path: 'password', message: expect.stringMatching(/256 bytes/) }]);
  });
});
