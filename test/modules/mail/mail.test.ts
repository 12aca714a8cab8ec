/**
 * Which server mails go through (environment over settings over the log) and the admin's SMTP
 * test, against real SMTP servers that require a login; on every database.
 */
import { afterEach, expect, it } from 'vitest';

import { createPasswordHasher } from '#src/modules/auth/password.ts';
import { createUser } from '#src/modules/users/users.service.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { startSmtp, type TestSmtp } from '#test/support/smtp.ts';

const CREDENTIALS = { user: 'mailer@example.com', password: 'p@ss w:rd/#%' };

describeEachDatabase('mail settings and the SMTP test', (type) => {
  const servers: TestSmtp[] = [];
  let t: AuthTestApp;
  let admin: string;
  const server = async (auth = CREDENTIALS) => {
    const s = await startSmtp(auth);
    servers.push(s);
    return s;
  };
  const build = async (env: Record<string, string> = {}) => {
    t = await buildAuthApp(type, env);
    admin = (await t.admin('root')).accessToken;
  };
  afterEach(async () => {
    await t?.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const smtpTest = (body: unknown = {}, token: string | null = admin) =>
    t.post('/api/v1/settings/smtp/test', body, token ? { authorization: `Bearer ${token}` } : {});
  const settings = async (patch: Record<string, unknown>) => {
    const res = await t.app.request('/api/v1/settings', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    expect(res.status).toBe(200);
  };
  const useSettings = (s: TestSmtp, password = CREDENTIALS.password) =>
    settings({
      smtp_host: '127.0.0.1',
      smtp_port: s.port,
      smtp_tls_enabled: false,
      smtp_user: CREDENTIALS.user,
      smtp_password: password,
      smtp_from_email: 'site@example.org',
      smtp_from_name: 'The Site',
    });

  it('SMTP_URL with percent-encoded credentials logs in and delivers; only administrators may test', async () => {
    const s = await server();
    await build({ SMTP_URL: s.url });
    const hasher = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 } });
    await createUser(
      t.orm.fork(),
      { username: 'mia', email: 'mia@example.com', password: PASSWORD, role: 'member' },
      { hasher, now: t.now() },
    );
    const member = (await json(await t.login('mia'))).accessToken;
    expect((await smtpTest({}, null)).status).toBe(401);
    expect((await smtpTest({}, member)).status).toBe(403);

    const res = await smtpTest();
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ to: 'root@example.com', via: 'environment' });
    const mail = await s.waitFor((m) => m.to.includes('root@example.com'));
    expect(mail.subject).toBe('X-Filamenta: SMTP test');
    expect(s.logins).toEqual([`${CREDENTIALS.user}:${CREDENTIALS.password}`]);
    expect((await smtpTest({ to: 'nope' })).status).toBe(422);
  });

  it('the smtp_* settings are used once configured, with the decrypted secrets and their sender', async () => {
    const s = await server();
    await build();
    // The seed's placeholder host is not a configuration: the mail goes to the log (test mode).
    expect(await json(await smtpTest({ to: 'ops@example.com' }))).toEqual({ to: 'ops@example.com', via: 'log' });
    await useSettings(s);
    expect(await json(await smtpTest({ to: 'ops@example.com' }))).toEqual({ to: 'ops@example.com', via: 'settings' });
    const mail = await s.waitFor((m) => m.to.includes('ops@example.com'));
    expect(mail.parsed.from?.value).toEqual([{ name: 'The Site', address: 'site@example.org' }]);
    expect(mail.parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(s.logins).toEqual([`${CREDENTIALS.user}:${CREDENTIALS.password}`]);
    // email_format html_only: one HTML part, no plain text alternative.
    await settings({ email_format: 'html_only' });
    expect((await smtpTest({ to: 'html@example.com' })).status).toBe(200);
    const html = await s.waitFor((m) => m.to.includes('html@example.com'));
    expect(html.parsed.headers.get('content-type')).toMatchObject({ value: 'text/html' });
    expect(html.html).toContain('the mail settings work');
  });

  it('the environment wins over the settings; MAIL_FROM over the sender settings', async () => {
    const fromEnv = await server();
    const fromSettings = await server();
    await build({ SMTP_URL: fromEnv.url, MAIL_FROM: 'Ops <ops@example.net>' });
    await useSettings(fromSettings);
    expect(await json(await smtpTest())).toMatchObject({ via: 'environment' });
    const mail = await fromEnv.waitFor(() => true);
    expect(mail.parsed.from?.value).toEqual([{ name: 'Ops', address: 'ops@example.net' }]);
    expect(fromSettings.messages).toEqual([]);
  });

  it("reports the mail server's refusal as 502 with its answer; a changed password applies at once", async () => {
    const s = await server();
    await build();
    await useSettings(s, 'the wrong password');
    const res = await smtpTest();
    expect(res.status).toBe(502);
    expect((await json(res)).detail).toMatch(/^The mail server refused or could not be reached: EAUTH: 535 .*Invalid username or password/);
    await settings({ smtp_password: CREDENTIALS.password });
    expect((await smtpTest()).status).toBe(200);
  });

  it('in production without any SMTP server the test answers 503 and says what to set', async () => {
    await build({ NODE_ENV: 'production' });
    const res = await smtpTest();
    expect(res.status).toBe(503);
    expect((await json(res)).detail).toMatch(/No SMTP server is configured: set SMTP_URL/);
  });
});
