/** TOTP two-factor: setup, enable, login in two steps, replay, backup codes, lockout, disable, mfaToken expiry. */
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, Setting, User } from '#src/db/entities/index.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, rateLimitWindowsMove, type Session } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { fetchDocument, fillPath, operationsOf } from '#test/support/openapi.ts';

const STEP = 30_000;

describeEachDatabase('TOTP two-factor', (type) => {
  let t: AuthTestApp;
  let admin: Session;
  const auth = (s: Session = admin) => ({ authorization: `Bearer ${s.accessToken}` });
  /** The code the authenticator app would show now (same library, the app's clock). */
  const codeFor = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: t.now().getTime() });
  const actions = async () => (await t.orm.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } })).map((e) => e.action);
  const stored = () => t.orm.fork().findOneOrFail(User, { username: 'root' });

  async function enable(): Promise<{ secret: string; backupCodes: string[] }> {
    const setup = await json(await t.post('/api/v1/auth/2fa/setup', {}, auth()));
    const res = await t.post('/api/v1/auth/2fa/enable', { code: codeFor(setup.secret) }, auth());
    expect(res.status).toBe(200);
    // The enabling code's step is used up; the tests log in from the next one.
    t.advance(STEP);
    return { secret: setup.secret, backupCodes: (await json(res)).backupCodes };
  }
  async function mfaToken(): Promise<string> {
    const res = await t.login('root');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    return body.mfaToken;
  }
  const complete = (token: string, code: string) => t.post('/api/v1/auth/login/2fa', { mfaToken: token, code });

  beforeEach(async () => {
    t = await buildAuthApp(type);
    admin = await t.admin('root');
  });
  afterEach(() => t?.close());

  it('sets up: a base32 secret, its otpauth URL and an SVG QR code; a second setup replaces the pending secret', async () => {
    const res = await t.post('/api/v1/auth/2fa/setup', {}, auth());
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(body.otpauthUrl).toContain('root%40example.com');
    expect(url.searchParams.get('secret')).toBe(body.secret);
    expect(url.searchParams.get('issuer')).toBe('Filamenta');
    expect(body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await stored()).totpSecret).toBe(body.secret);
    expect((await stored()).twoFactorEnabled).toBe(false);

    const again = await json(await t.post('/api/v1/auth/2fa/setup', {}, auth()));
    expect(again.secret).not.toBe(body.secret);
    // A code from the replaced secret no longer enables.
    expect((await t.post('/api/v1/auth/2fa/enable', { code: codeFor(body.secret) }, auth())).status).toBe(422);
    expect((await t.login('root')).status).toBe(200);
  });

  it('needs a signed-in user for setup, enable and disable', async () => {
    for (const path of ['setup', 'enable', 'disable']) {
      const res = await t.post(`/api/v1/auth/2fa/${path}`, { code: '123456', password: PASSWORD });
      expect(res.status).toBe(401);
    }
  });

  it('enables with a valid code: 10 distinct backup codes stored hashed, audit, /me shows it, setup refused', async () => {
    expect((await t.post('/api/v1/auth/2fa/enable', { code: '123456' }, auth())).status).toBe(409);
    const setup = await json(await t.post('/api/v1/auth/2fa/setup', {}, auth()));
    const wrong = await t.post('/api/v1/auth/2fa/enable', { code: codeFor(setup.secret) === '000000' ? '111111' : '000000' }, auth());
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors.map((e: { path: string }) => e.path)).toEqual(['code']);
    const malformed = await t.post('/api/v1/auth/2fa/enable', { code: '12ab' }, auth());
    expect(malformed.status).toBe(422);
    expect((await json(malformed)).errors.map((e: { path: string }) => e.path)).toEqual(['code']);

    const res = await t.post('/api/v1/auth/2fa/enable', { code: codeFor(setup.secret) }, auth());
    expect(res.status).toBe(200);
    const { backupCodes } = await json(res);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    for (const code of backupCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const user = await stored();
    expect(user.twoFactorEnabled).toBe(true);
    for (const code of backupCodes) {
      expect(user.totpSecret).not.toContain(code);
      expect(user.totpSecret?.toUpperCase()).not.toContain(code.replace('-', '').toUpperCase());
    }
    expect(await actions()).toContain('auth.2fa_enabled');
    expect((await json(await t.get('/api/v1/auth/me', admin.accessToken))).twoFactorEnabled).toBe(true);
    expect((await t.post('/api/v1/auth/2fa/setup', {}, auth())).status).toBe(409);
    expect((await t.post('/api/v1/auth/2fa/enable', { code: codeFor(setup.secret) }, auth())).status).toBe(409);
  });

  it('logs in in two steps; the mfaToken is no access token; a TOTP code cannot be replayed', async () => {
    const { secret } = await enable();
    const token = await mfaToken();
    expect((await t.get('/api/v1/auth/me', token)).status).toBe(401);
    const code = codeFor(secret);
    const res = await complete(token, code);
    expect(res.status).toBe(200);
    const session = await json(res);
    expect(session).toMatchObject({ tokenType: 'Bearer', user: { username: 'root', twoFactorEnabled: true } });
    expect((await t.get('/api/v1/auth/me', session.accessToken)).status).toBe(200);
    const login = await t.orm.fork().find(AuditEvent, { action: 'auth.login' }, { orderBy: { id: 'desc' }, limit: 1 });
    expect(login[0].details).toEqual({ method: 'totp' });

    // The same code again, with a fresh mfaToken and within its validity window: refused.
    const replay = await complete(await mfaToken(), code);
    expect(replay.status).toBe(401);
    expect((await json(replay)).detail).toMatch(/already used/);
    // An earlier step's code (still inside the drift window) is refused too.
    t.advance(STEP);
    const earlier = codeFor(secret);
    t.advance(STEP);
    const next = codeFor(secret);
    expect((await complete(await mfaToken(), next)).status).toBe(200);
    if (earlier !== next) expect((await complete(await mfaToken(), earlier)).status).toBe(401);
    // An access token is no mfaToken.
    expect((await complete(session.accessToken, codeFor(secret))).status).toBe(401);
  });

  it('accepts each backup code once, in any case and with or without the dash', async () => {
    const { backupCodes } = await enable();
    const [first, second] = backupCodes;
    const res = await complete(await mfaToken(), first);
    expect(res.status).toBe(200);
    const login = await t.orm.fork().find(AuditEvent, { action: 'auth.login' }, { orderBy: { id: 'desc' }, limit: 1 });
    expect(login[0].details).toEqual({ method: 'backup_code', backupCodesLeft: 9 });
    expect((await complete(await mfaToken(), first)).status).toBe(401);
    expect((await complete(await mfaToken(), first.replace('-', '').toUpperCase())).status).toBe(401);
    expect((await complete(await mfaToken(), second.replace('-', '').toUpperCase())).status).toBe(200);
    expect((await complete(await mfaToken(), second)).status).toBe(401);
  });

  it('answers 422 for a malformed code or a missing field, 401 for a wrong code', async () => {
    const { secret } = await enable();
    const token = await mfaToken();
    const malformed = await t.post('/api/v1/auth/login/2fa', { code: '12345' });
    expect(malformed.status).toBe(422);
    expect((await json(malformed)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['code', 'mfaToken']);
    const wrongCode = codeFor(secret) === '000000' ? '111111' : '000000';
    const wrong = await complete(token, wrongCode);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await complete(token, 'aaaaa-aaaaa')).status).toBe(401);
    expect((await complete(token, codeFor(secret))).status).toBe(200);
  });

  it('counts wrong codes toward the lockout: the 5th locks (429, Retry-After), even a right code then', async () => {
    const { secret } = await enable();
    const token = await mfaToken();
    const wrongCode = codeFor(secret) === '000000' ? '111111' : '000000';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await complete(token, wrongCode)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await complete(token, codeFor(secret));
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect((await t.login('root')).status).toBe(429);
    const all = await actions();
    expect(all.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(all.filter((a) => a === 'auth.lockout')).toHaveLength(1);
  });

  it('does not let a right password reset the failure count that wrong codes built up', async () => {
    const { secret } = await enable();
    const wrongCode = () => (codeFor(secret) === '000000' ? '111111' : '000000');
    for (let i = 0; i < 4; i++) expect((await complete(await mfaToken(), wrongCode())).status).toBe(401);
    expect((await complete(await mfaToken(), wrongCode())).status).toBe(429);
  });

  it('expires the mfaToken after 5 minutes', async () => {
    const { secret } = await enable();
    const token = await mfaToken();
    t.advance(300_000);
    const res = await complete(token, codeFor(secret));
    expect(res.status).toBe(401);
    expect((await json(res)).detail).toMatch(/mfaToken/);
    expect((await complete('not.a.token', codeFor(secret))).status).toBe(401);
  });

  it('disables only with the password and a code; afterwards login is one step again', async () => {
    const { secret, backupCodes } = await enable();
    const disable = (body: unknown) => t.post('/api/v1/auth/2fa/disable', body, auth());
    expect((await disable({ password: 'wrong password', code: codeFor(secret) })).status).toBe(401);
    const wrongCode = codeFor(secret) === '000000' ? '111111' : '000000';
    expect((await disable({ password: PASSWORD, code: wrongCode })).status).toBe(401);
    expect((await disable({ password: PASSWORD })).status).toBe(422);
    expect((await stored()).twoFactorEnabled).toBe(true);
    expect((await disable({ password: PASSWORD, code: backupCodes[0] })).status).toBe(204);
    const user = await stored();
    expect([user.twoFactorEnabled, user.totpSecret, user.failedLoginCount]).toEqual([false, null, 0]);
    expect(await actions()).toContain('auth.2fa_disabled');
    expect((await disable({ password: PASSWORD, code: codeFor(secret) })).status).toBe(409);
    const res = await t.login('root');
    expect(res.status).toBe(200);
    expect((await json(res)).accessToken).toEqual(expect.any(String));
  });
});

describeEachDatabase('2fa_required setting', (type) => {
  let t: AuthTestApp;
  afterEach(() => t?.close());

  it('lets an account without 2FA only set it up; once on, it works everywhere and cannot be turned off', async () => {
    t = await buildAuthApp(type);
    const admin = await t.admin('root');
    const auth = { authorization: `Bearer ${admin.accessToken}` };
    expect((await t.get('/api/v1/audit', admin.accessToken)).status).toBe(200);
    expect(await t.orm.fork().nativeUpdate(Setting, { key: '2fa_required' }, { value: true })).toBe(1);

    const refused = await t.get('/api/v1/audit', admin.accessToken);
    expect(refused.status).toBe(403);
    expect((await json(refused)).detail).toMatch(/requires two-factor/);
    expect((await t.get('/api/v1/auth/me', admin.accessToken)).status).toBe(200);
    expect((await t.get('/api/v1/me', admin.accessToken)).status).toBe(200);
    expect((await t.get('/api/v1/me/preferences', admin.accessToken)).status).toBe(403);
    const setup = await json(await t.post('/api/v1/auth/2fa/setup', {}, auth));
    const code = TOTP.generate({ secret: Secret.fromBase32(setup.secret), timestamp: t.now().getTime() });
    const { backupCodes } = await json(await t.post('/api/v1/auth/2fa/enable', { code }, auth));
    expect(backupCodes).toHaveLength(10);
    expect((await t.get('/api/v1/audit', admin.accessToken)).status).toBe(200);
    const disable = await t.post('/api/v1/auth/2fa/disable', { password: PASSWORD, code: backupCodes[0] }, auth);
    expect(disable.status).toBe(403);
    expect((await t.orm.fork().findOneOrFail(User, { username: 'root' })).twoFactorEnabled).toBe(true);
  });

  it('is a 403 the document lists wherever an account without 2FA meets it, the content reads included', async () => {
    t = await buildAuthApp(type);
    const admin = await t.admin('root');
    await t.orm.fork().nativeUpdate(Setting, { key: '2fa_required' }, { value: true });
    const refused: string[] = [];
    for (const { name, method, path, op } of operationsOf(await fetchDocument(t.app))) {
      const res = await t.app.request(fillPath(path, {}), {
        method,
        headers: { authorization: `Bearer ${admin.accessToken}`, ...(op.requestBody ? { 'content-type': 'application/json' } : {}) },
        body: op.requestBody ? '{}' : undefined,
      });
      if (res.status !== 403) continue;
      refused.push(name);
      expect(Object.keys(op.responses), name).toContain('403');
    }
    expect(refused).toEqual(expect.arrayContaining(['GET /api/v1/content', 'GET /api/v1/content/{id}', 'POST /api/v1/auth/2fa/disable']));
  });
});

describeEachDatabase('TOTP two-factor rate limits', (type) => {
  rateLimitWindowsMove();
  let t: AuthTestApp;
  afterEach(() => t?.close());

  it('limits /login/2fa per address like the other auth endpoints (429 with Retry-After)', async () => {
    t = await buildAuthApp(type, { RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    const admin = await t.admin('root');
    const auth = { authorization: `Bearer ${admin.accessToken}` };
    const setup = await json(await t.post('/api/v1/auth/2fa/setup', {}, auth));
    t.advance(60_000);
    const code = TOTP.generate({ secret: Secret.fromBase32(setup.secret), timestamp: t.now().getTime() });
    expect((await t.post('/api/v1/auth/2fa/enable', { code }, auth)).status).toBe(200);
    t.advance(60_000);
    const token = (await json(await t.login('root'))).mfaToken;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.post('/api/v1/auth/login/2fa', { mfaToken: token, code: 'aaaaa-aaaaa' })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});
