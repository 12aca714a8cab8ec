/**
 * Email verification and password reset against a real SMTP server in the test process: the
 * tokens are read from the delivered mails. Expiry, reuse, retirement, races, enumeration,
 * per-address limits, refresh-token revocation and the login gate, on every database.
 */
import { Writable } from 'node:stream';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, RefreshToken, User, UserToken } from '#src/db/entities/index.ts';
import { retryTransaction } from '#src/db/transactions.ts';
import { createLogger } from '#src/logger.ts';
import { hashUserToken, issueUserToken } from '#src/modules/users/user-tokens.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, type Session, withMovingWindows } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { startSmtp, type TestSmtp, tokenOf } from '#test/support/smtp.ts';

const NEW_PASSWORD = 'a brand new passphrase';
const HOUR = 3_600_000;

describeEachDatabase('email verification and password reset', (type) => {
  let smtp: TestSmtp;
  let t: AuthTestApp;
  beforeEach(async () => {
    smtp = await startSmtp();
    t = await buildAuthApp(type, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://api.example.com', BASE_PATH: '/filamenta' });
    await t.admin('root');
    await settings({ registration_enabled: true });
  });
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
  });

  async function settings(patch: Record<string, unknown>) {
    // Logged in anew: the tests move the clock past the access token's lifetime.
    const admin = (await json(await t.login('root'))) as Session;
    const res = await t.app.request('/api/v1/settings', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  const register = async (username: string) => {
    const res = await t.post('/api/v1/auth/register', { username, email: `${username}@example.com`, password: PASSWORD });
    expect(res.status).toBe(201);
    return json(res);
  };
  const mailTo = (username: string, subject: RegExp) =>
    smtp.waitFor((m) => m.to.includes(`${username}@example.com`) && subject.test(m.subject));
  const verify = (token: string) => t.post('/api/v1/auth/email/verify', { token });
  const forgot = (email: string) => t.post('/api/v1/auth/password/forgot', { email });
  const reset = (token: string, password = NEW_PASSWORD) => t.post('/api/v1/auth/password/reset', { token, password });
  const mailsTo = (username: string) => smtp.messages.filter((m) => m.to.includes(`${username}@example.com`));

  it('registration mails a verification link (text and HTML) that verifies the address once', async () => {
    const user = await register('ada');
    expect(user.emailVerified).toBe(false);
    const mail = await mailTo('ada', /Confirm your email/);
    expect(mail.parsed.from?.value).toEqual([{ name: 'X-Filamenta', address: 'noreply@example.com' }]);
    const token = tokenOf(mail);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The link is built from PUBLIC_URL and BASE_PATH; the HTML part carries it too.
    expect(mail.text).toContain(`https://api.example.com/filamenta/admin/verify-email?token=${token}`);
    expect(mail.html).toContain(`href="https://api.example.com/filamenta/admin/verify-email?token=${token}"`);
    expect(mail.parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    // Only the hash is stored.
    const stored = await t.orm.fork().findOneOrFail(UserToken, { user: user.id });
    expect(stored).toMatchObject({ purpose: 'email_verify', tokenHash: hashUserToken(token), usedAt: null });
    expect(stored.expiresAt.getTime() - t.now().getTime()).toBe(24 * HOUR);

    expect((await verify(token)).status).toBe(204);
    expect((await t.orm.fork().findOneOrFail(User, { id: user.id })).emailVerified).toBe(true);
    const session = await json(await t.login('ada'));
    expect(session.user.emailVerified).toBe(true);

    const again = await verify(token);
    expect(again.status).toBe(422);
    expect((await json(again)).errors).toEqual([{ path: 'token', message: 'Unknown, expired or already used' }]);
  });

  it('mails go in the recipient’s language (their preference, else default_language) with subjects that say what they are, linking to the console', async () => {
    // No preference stored: the site's default language, English out of the box, then Spanish.
    await register('ada');
    const english = await mailTo('ada', /^Confirm your email address for X-Filamenta$/);
    expect(english.text).toMatch(/^Hello ada,/);
    await settings({ default_language: 'es' });
    await register('bea');
    const spanish = await mailTo('bea', /^Confirme su dirección de correo para X-Filamenta$/);
    expect(spanish.text).toContain('Hola, bea:');
    expect(spanish.text).toContain('Caduca en 24 horas y solo sirve una vez.');
    expect(spanish.text).toContain(`https://api.example.com/filamenta/admin/verify-email?token=${tokenOf(spanish)}`);
    expect(spanish.html).toContain('>Confirmar mi correo</a>');

    // A French preference wins over the site's default, for every mail to the account.
    const ada = (await json(await t.login('ada'))) as Session;
    const chose = await t.app.request('/api/v1/me/preferences', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ada.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'fr' }),
    });
    expect(chose.status).toBe(200);
    expect((await forgot('ada@example.com')).status).toBe(202);
    const french = await mailTo('ada', /^Réinitialisez votre mot de passe X-Filamenta$/);
    expect(french.text).toContain('Bonjour ada,');
    expect(french.text).toContain('Il expire dans 60 minutes');
    // The link opens the console's reset page under the base path, and its token resets the password.
    const link = new URL(/https:\/\/\S+/.exec(french.text)![0]);
    expect(`${link.origin}${link.pathname}`).toBe('https://api.example.com/filamenta/admin/reset-password');
    expect((await reset(link.searchParams.get('token')!)).status).toBe(204);
    expect(mailsTo('ada').map((m) => m.subject)).toEqual([
      'Confirm your email address for X-Filamenta',
      'Réinitialisez votre mot de passe X-Filamenta',
    ]);

    // Back to "not chosen" (null): the site's default again.
    const cleared = await t.app.request('/api/v1/me/preferences', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ada.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ language: null }),
    });
    expect(await json(cleared)).toMatchObject({ language: null });
    expect((await forgot('ada@example.com')).status).toBe(202);
    await mailTo('ada', /^Restablezca su contraseña de X-Filamenta$/);

    // default_language only takes en, fr or es.
    const admin = (await json(await t.login('root'))) as Session;
    const bad = await t.app.request('/api/v1/settings', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ default_language: 'de' }),
    });
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors).toEqual([expect.objectContaining({ path: 'default_language' })]);
  });

  it('an account whose preferences exist but name no language gets mails in the site’s default_language', async () => {
    await register('cyd');
    await mailTo('cyd', /^Confirm your email address for X-Filamenta$/);
    // The console reads the preferences at every sign-in, which creates the row with its defaults.
    const cyd = (await json(await t.login('cyd'))) as Session;
    const read = await t.app.request('/api/v1/me/preferences', { headers: { authorization: `Bearer ${cyd.accessToken}` } });
    expect(await json(read)).toMatchObject({ language: null });
    await settings({ default_language: 'es' });
    expect((await forgot('cyd@example.com')).status).toBe(202);
    const mail = await mailTo('cyd', /^Restablezca su contraseña de X-Filamenta$/);
    expect(mail.text).toContain('Hola, cyd:');
    await settings({ default_language: 'fr' });
    expect((await forgot('cyd@example.com')).status).toBe(202);
    await mailTo('cyd', /^Réinitialisez votre mot de passe X-Filamenta$/);
  });

  it('a new address (PATCH /me, or an admin) voids the links mailed to the old one and gets its own', async () => {
    await register('ada');
    const oldLink = tokenOf(await mailTo('ada', /Confirm your email/));
    const session = (await json(await t.login('ada'))) as Session;
    const changed = await t.app.request('/api/v1/me', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada.new@example.com', currentPassword: PASSWORD }),
    });
    expect(changed.status).toBe(200);
    // The link sent to the old address would otherwise mark the new one verified.
    expect((await verify(oldLink)).status).toBe(422);
    const mail = await smtp.waitFor((m) => m.to.includes('ada.new@example.com') && /Confirm your email/.test(m.subject));
    expect((await verify(tokenOf(mail))).status).toBe(204);
    expect((await t.orm.fork().findOneOrFail(User, { username: 'ada' })).emailVerified).toBe(true);

    // An administrator moving the address does the same.
    const admin = (await json(await t.login('root'))) as Session;
    const user = await t.orm.fork().findOneOrFail(User, { username: 'ada' });
    const adminPatch = (body: Record<string, unknown>) =>
      t.app.request(`/api/v1/users/${user.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const moved = await adminPatch({ email: 'ada.third@example.com' });
    expect(moved.status).toBe(200);
    expect((await json(moved)).emailVerified).toBe(false);
    const third = await smtp.waitFor((m) => m.to.includes('ada.third@example.com'));
    expect((await verify(tokenOf(third))).status).toBe(204);

    // Moved again and marked verified by the admin: no mail goes out (so no new token retires the
    // old one in the background), and the pending link still stops working, in the same transaction.
    await adminPatch({ email: 'ada.fourth@example.com' });
    const fourth = await smtp.waitFor((m) => m.to.includes('ada.fourth@example.com'));
    expect((await adminPatch({ email: 'ada.fifth@example.com', emailVerified: true })).status).toBe(200);
    expect((await verify(tokenOf(fourth))).status).toBe(422);
    await t.mailer.drain();
    expect(smtp.messages.filter((m) => m.to.includes('ada.fifth@example.com'))).toEqual([]);
  });

  it('unknown, malformed and expired tokens are 422; the expiry follows the setting', async () => {
    expect((await verify('x'.repeat(43))).status).toBe(422);
    const missing = await t.post('/api/v1/auth/email/verify', {});
    expect(missing.status).toBe(422);
    expect((await json(missing)).errors.map((e: { path: string }) => e.path)).toEqual(['token']);
    expect((await t.post('/api/v1/auth/email/verify', { token: 'y'.repeat(201) })).status).toBe(422);

    await register('bob');
    const token = tokenOf(await mailTo('bob', /Confirm/));
    t.advance(24 * HOUR);
    expect((await verify(token)).status).toBe(422);

    // A shorter lifetime set by the administrator applies to the next token.
    await settings({ email_verification_token_expiry_hours: 1 });
    smtp.messages.length = 0;
    expect((await t.post('/api/v1/auth/email/resend', { email: 'bob@example.com' })).status).toBe(202);
    const short = tokenOf(await mailTo('bob', /Confirm/));
    expect(short).not.toBe(token);
    t.advance(HOUR + 1);
    expect((await verify(short)).status).toBe(422);
    expect((await t.orm.fork().findOneOrFail(User, { username: 'bob' })).emailVerified).toBe(false);
  });

  it('resend retires the older token, answers 202 for unknown or verified addresses and mails nothing then', async () => {
    await register('cyd');
    const first = tokenOf(await mailTo('cyd', /Confirm/));
    expect((await t.post('/api/v1/auth/email/resend', { email: 'CYD@example.com' })).status).toBe(202);
    await t.mailer.drain();
    const second = tokenOf(mailsTo('cyd')[1]);
    expect(second).not.toBe(first);
    expect((await verify(first)).status).toBe(422);
    expect((await verify(second)).status).toBe(204);

    const before = smtp.messages.length;
    expect((await t.post('/api/v1/auth/email/resend', { email: 'cyd@example.com' })).status).toBe(202);
    expect((await t.post('/api/v1/auth/email/resend', { email: 'nobody@example.com' })).status).toBe(202);
    await t.mailer.drain();
    expect(smtp.messages.length).toBe(before);
    expect((await t.post('/api/v1/auth/email/resend', { email: 'not-an-address' })).status).toBe(422);
  });

  it('forgot answers 202 for an unknown address and mails nothing', async () => {
    const res = await forgot('nobody@example.com');
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    await t.mailer.drain();
    expect(smtp.messages.filter((m) => /Reset/.test(m.subject))).toEqual([]);
    expect(await t.orm.fork().count(UserToken, { purpose: 'password_reset' })).toBe(0);
  });

  it('reset sets the password, revokes every refresh token, ends a lockout and is audited; the token works once', async () => {
    await register('dee');
    const sessions = [await json(await t.login('dee')), await json(await t.login('dee'))];
    expect((await forgot('dee@example.com')).status).toBe(202);
    const mail = await mailTo('dee', /Reset your X-Filamenta password/);
    const token = tokenOf(mail);
    expect(mail.text).toContain('https://api.example.com/filamenta/admin/reset-password?token=');
    expect(mail.text).toContain('60 minutes');

    for (let i = 0; i < 5; i++) await t.login('dee', 'wrong password!');
    expect((await t.login('dee')).status).toBe(429);
    expect((await reset(token, 'short')).status).toBe(422);
    // A wrong password was rejected by validation, before the token was looked at: it still works.
    expect((await reset(token)).status).toBe(204);
    for (const s of sessions) expect((await t.post('/api/v1/auth/refresh', { refreshToken: s.refreshToken })).status).toBe(401);
    expect(await t.orm.fork().count(RefreshToken, { user: { username: 'dee' }, revokedAt: null })).toBe(0);
    expect((await t.login('dee')).status).toBe(401);
    expect((await t.login('dee', NEW_PASSWORD)).status).toBe(200);
    expect((await reset(token, 'yet another password')).status).toBe(422);

    const events = await t.orm.fork().find(AuditEvent, { action: 'auth.password_reset' });
    expect(events).toHaveLength(1);
    const user = await t.orm.fork().findOneOrFail(User, { username: 'dee' });
    expect(events[0]).toMatchObject({ targetType: 'user', targetId: String(user.id), details: { refreshTokensRevoked: 2 } });
    expect(events[0].actor?.id).toBe(user.id);
    // The mail proved the address.
    expect(user.emailVerified).toBe(true);
  });

  it('of two parallel resets with one token exactly one wins', async () => {
    await register('eve');
    await forgot('eve@example.com');
    const token = tokenOf(await mailTo('eve', /Reset/));
    const results = await Promise.all([reset(token, 'first parallel password'), reset(token, 'second parallel password')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 422]);
    const winner = results[0].status === 204 ? 'first parallel password' : 'second parallel password';
    const loser = results[0].status === 204 ? 'second parallel password' : 'first parallel password';
    expect((await t.login('eve', winner)).status).toBe(200);
    expect((await t.login('eve', loser)).status).toBe(401);
    expect(await t.orm.fork().count(AuditEvent, { action: 'auth.password_reset' })).toBe(1);
  });

  it('verification and reset mails requested at once for one account all arrive', () =>
    withMovingWindows(async () => {
      await register('ivy');
      await t.mailer.drain();
      for (let round = 0; round < 3; round++) {
        await Promise.all([forgot('ivy@example.com'), t.post('/api/v1/auth/email/resend', { email: 'ivy@example.com' })]);
        await t.mailer.drain();
        t.advance(HOUR);
      }
      expect(mailsTo('ivy').filter((m) => /Reset/.test(m.subject))).toHaveLength(3);
      expect(mailsTo('ivy').filter((m) => /Confirm/.test(m.subject))).toHaveLength(4);
      // Only the newest token of each purpose is still usable.
      expect(await t.orm.fork().count(UserToken, { user: { username: 'ivy' }, usedAt: null })).toBe(2);
    }));

  it('a new reset mail retires the previous token; an expired one is refused', async () => {
    await register('fay');
    await forgot('fay@example.com');
    await t.mailer.drain();
    await forgot('fay@example.com');
    await t.mailer.drain();
    const [first, second] = mailsTo('fay')
      .filter((m) => /Reset/.test(m.subject))
      .map(tokenOf);
    expect((await reset(first)).status).toBe(422);
    t.advance(60 * 60_000);
    expect((await reset(second)).status).toBe(422);
    expect((await t.login('fay')).status).toBe(200);
  });

  it('password_reset_rate_limit_per_hour caps the mails per address, still answering 202', () =>
    withMovingWindows(async () => {
      await register('gus');
      for (let i = 0; i < 4; i++) expect((await forgot('gus@example.com')).status).toBe(202);
      await t.mailer.drain();
      expect(mailsTo('gus').filter((m) => /Reset/.test(m.subject))).toHaveLength(2);
      t.advance(HOUR);
      await forgot('gus@example.com');
      await t.mailer.drain();
      expect(mailsTo('gus').filter((m) => /Reset/.test(m.subject))).toHaveLength(3);
    }));

  it('with email_verification_required on, an unverified member cannot log in (403) until verified; admins can', async () => {
    await register('hal');
    const token = tokenOf(await mailTo('hal', /Confirm/));
    expect((await t.login('hal')).status).toBe(200);
    await settings({ email_verification_required: true });
    const refused = await t.login('hal');
    expect(refused.status).toBe(403);
    expect((await json(refused)).detail).toMatch(/Confirm your email address first.*POST \/auth\/email\/resend/);
    // A wrong password is still a plain 401: the 403 says nothing to someone without it.
    expect((await t.login('hal', 'wrong password!')).status).toBe(401);
    expect((await t.login('root')).status).toBe(200);
    expect((await verify(token)).status).toBe(204);
    expect((await t.login('hal')).status).toBe(200);
  });

  it('the mail routes share the per-address auth limit', async () => {
    const limited = await buildAuthApp(type, { SMTP_URL: smtp.url, RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (const [path, body] of [
        ['/api/v1/auth/password/forgot', { email: 'a@example.com' }],
        ['/api/v1/auth/email/resend', { email: 'a@example.com' }],
        ['/api/v1/auth/email/verify', { token: 'nope' }],
        ['/api/v1/auth/password/reset', { token: 'nope', password: NEW_PASSWORD }],
      ] as const)
        statuses.push((await limited.post(path, body)).status);
      expect(statuses).toEqual([202, 202, 422, 429]);
    } finally {
      await limited.close();
    }
  });
});

describeEachDatabase(
  'mail without an SMTP server',
  (type) => {
    let lines: Record<string, unknown>[];
    let t: AuthTestApp;
    const build = async (env: Record<string, string> = {}) => {
      lines = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      });
      t = await buildAuthApp(type, env, { logger: createLogger({ logLevel: 'info' }, sink) });
      await t.admin('root');
    };
    afterEach(() => t?.close());

    it('in development and test the mail is written to the log, through the request logger', async () => {
      await build();
      expect((await t.post('/api/v1/auth/password/forgot', { email: 'root@example.com' })).status).toBe(202);
      await t.mailer.drain();
      const entry = lines.find((l) => l.msg === 'mail not sent (no SMTP server configured): written to the log instead');
      expect(entry?.requestId).toEqual(expect.any(String));
      const mail = entry?.mail as { to: string; subject: string; text: string };
      expect(mail).toMatchObject({ to: 'root@example.com', subject: 'Reset your X-Filamenta password' });
      const token = /token=([\w-]+)/.exec(mail.text)?.[1];
      expect((await t.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })).status).toBe(204);
    });

    it('in production the endpoints answer as usual and a clear error is logged', async () => {
      await build({ NODE_ENV: 'production' });
      expect((await t.post('/api/v1/auth/password/forgot', { email: 'root@example.com' })).status).toBe(202);
      await t.mailer.drain();
      const error = lines.find((l) => l.level === 'error');
      expect(error?.msg).toBe('password reset: the mail was not sent');
      expect((error?.err as { message: string }).message).toMatch(/No SMTP server is configured: set SMTP_URL/);
      expect(lines.some((l) => l.mail)).toBe(false);
    });
  },
  ['sqlite'],
);

describeEachDatabase(
  'token issuance under concurrency',
  (type) => {
    let t: AuthTestApp;
    afterEach(() => t?.close());

    it('two token transactions for one account, interleaved, both commit (a deadlock victim is retried)', async () => {
      t = await buildAuthApp(type);
      await t.admin('root');
      const user = await t.orm.fork().findOneOrFail(User, { username: 'root' });
      // Both retire-UPDATEs run before either INSERT: on MariaDB their gap locks deadlock.
      let release!: () => void;
      const bothUpdated = new Promise<void>((resolve) => (release = resolve));
      let arrived = 0;
      let attempts = 0;
      const issue = (purpose: 'email_verify' | 'password_reset') =>
        retryTransaction(() =>
          t.orm.fork().transactional(async (tx) => {
            attempts++;
            const token = await issueUserToken(tx, user, purpose, t.now(), HOUR);
            if (++arrived === 2) release();
            await bothUpdated;
            return token;
          }),
        );
      const tokens = await Promise.all([issue('email_verify'), issue('password_reset')]);
      const stored = await t.orm.fork().find(UserToken, { user: user.id }, { orderBy: { purpose: 'asc' } });
      expect(stored.map((s) => [s.purpose, s.tokenHash, s.usedAt])).toEqual([
        ['email_verify', hashUserToken(tokens[0]), null],
        ['password_reset', hashUserToken(tokens[1]), null],
      ]);
      // MariaDB rolled one back and ran it again; PostgreSQL takes no gap locks.
      expect(attempts).toBe(type === 'mariadb' ? 3 : 2);
    });
  },
  ['mariadb', 'postgresql'],
);
