/**
 * The contact form: stored then mailed through a real SMTP server, honeypot, validation, its own
 * rate limit, a mail server that is down, the admin list and the stats count, on every database.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { ContactMessage } from '#src/db/entities/index.ts';
import { createPasswordHasher } from '#src/modules/auth/password.ts';
import { createUser } from '#src/modules/users/users.service.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, withMovingWindows } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { startSmtp, type TestSmtp } from '#test/support/smtp.ts';

const IP = '203.0.113.7';
const valid = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Hello <b>there</b> & welcome' };

describeEachDatabase('contact form', (type) => {
  let smtp: TestSmtp;
  let t: AuthTestApp;
  let adminToken: string;
  let memberToken: string;
  const build = async (env: Record<string, string> = {}) => {
    t = await buildAuthApp(type, { SMTP_URL: smtp.url, CONTACT_TO: 'Owner <owner@example.com>', ...env }, { remoteAddress: IP });
    adminToken = (await t.admin('root')).accessToken;
    const hasher = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 } });
    await createUser(
      t.orm.fork(),
      { username: 'mia', email: 'mia@example.com', password: PASSWORD, role: 'member' },
      { hasher, now: t.now() },
    );
    memberToken = (await json(await t.login('mia'))).accessToken;
  };
  beforeEach(async () => {
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
  });

  const contact = (body: unknown, headers: Record<string, string> = {}) => t.post('/api/v1/contact', body, headers);
  const stored = () => t.orm.fork().find(ContactMessage, {}, { orderBy: { id: 'asc' } });
  const list = (query = '', token: string | undefined = adminToken) => t.get(`/api/v1/contact/messages${query}`, token);

  it('stores the message with the address and user agent, then mails it to CONTACT_TO, escaped, with Reply-To', async () => {
    await build();
    const res = await contact(valid, { 'user-agent': 'TestBrowser/1.0' });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    const mail = await smtp.waitFor((m) => m.to.includes('owner@example.com'));
    expect(mail.subject).toBe('[X-Filamenta] Contact form: Ada Lovelace');
    expect(mail.replyTo).toBe('"Ada Lovelace" <ada@example.com>');
    expect(mail.text).toContain('Hello <b>there</b> & welcome');
    expect(mail.html).toContain('Hello &lt;b&gt;there&lt;/b&gt; &amp; welcome');
    expect(mail.html).not.toContain('<b>there');
    await t.mailer.drain();
    const [row] = await stored();
    expect(row).toMatchObject({ ...valid, ip: IP, userAgent: 'TestBrowser/1.0' });
    expect(row.createdAt.toISOString()).toBe(t.now().toISOString());
    expect(row.mailedAt).toBeInstanceOf(Date);
  });

  it('without CONTACT_TO the message goes to the sender address; email_format txt_only sends plain text only', async () => {
    await build({ CONTACT_TO: '' });
    await t.app.request('/api/v1/settings', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ smtp_from_email: 'site@example.org', email_format: 'txt_only' }),
    });
    expect((await contact(valid)).status).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes('site@example.org'));
    expect(mail.parsed.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
    expect(mail.html).toBeUndefined();
  });

  it('a filled-in honeypot is answered like success, and nothing is stored or mailed', async () => {
    await build();
    const res = await contact({ ...valid, website: 'http://spam.example' });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    await t.mailer.drain();
    expect(await stored()).toEqual([]);
    expect(smtp.messages).toEqual([]);
    // An empty honeypot is a person.
    expect((await contact({ ...valid, website: '' })).status).toBe(202);
    expect(await stored()).toHaveLength(1);
  });

  it('validates every field (422 with one error per field) and stores nothing', async () => {
    await build();
    const cases: [unknown, string[]][] = [
      [{}, ['email', 'message', 'name']],
      [{ ...valid, name: '   ' }, ['name']],
      [{ ...valid, name: 'x'.repeat(101) }, ['name']],
      [{ ...valid, name: 'Ada\r\nBcc: victim@example.com' }, ['name']],
      [{ ...valid, email: 'not-an-address' }, ['email']],
      [{ ...valid, email: `${'a'.repeat(245)}@example.com` }, ['email']],
      [{ ...valid, message: '' }, ['message']],
      [{ ...valid, message: 'x'.repeat(5001) }, ['message']],
      [{ ...valid, website: 42 }, ['website']],
    ];
    for (const [body, paths] of cases) {
      const res = await contact(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      const errors = (await json(res)).errors as { path: string }[];
      expect([...new Set(errors.map((e) => e.path))].sort()).toEqual(paths);
    }
    // The limits themselves are accepted.
    expect((await contact({ name: 'x'.repeat(100), email: `${'a'.repeat(242)}@example.com`, message: 'x'.repeat(5000) })).status).toBe(202);
    expect(await stored()).toHaveLength(1);
  });

  it('a mail server that is down loses nothing: the message is stored with mailedAt null', async () => {
    const down = await startSmtp();
    await down.close();
    await build({ SMTP_URL: down.url });
    expect((await contact(valid)).status).toBe(202);
    await t.mailer.drain();
    const [row] = await stored();
    expect(row).toMatchObject({ ...valid, mailedAt: null });
    expect((await json(await list())).items[0].mailedAt).toBeNull();
  });

  it('has its own per-address limit: 429 with Retry-After past RATE_LIMIT_CONTACT_PER_MINUTE', () =>
    withMovingWindows(async () => {
      await build({ RATE_LIMIT_CONTACT_PER_MINUTE: '2' });
      const first = await contact(valid);
      expect(first.status).toBe(202);
      expect(first.headers.get('ratelimit-policy')).toBe('"contact";q=2;w=60');
      expect(first.headers.get('ratelimit')).toBe('"contact";r=1;t=60');
      expect((await contact({ ...valid, website: 'bot' })).status).toBe(202);
      const limited = await contact(valid);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      t.advance(60_000);
      expect((await contact(valid)).status).toBe(202);
      expect(await stored()).toHaveLength(2);
    }));

  it('GET /contact/messages: 401 anonymous, 403 member; admins get pages newest first', async () => {
    await build();
    for (let i = 1; i <= 3; i++) {
      expect((await contact({ ...valid, message: `message ${i}` })).status).toBe(202);
      t.advance(1000);
    }
    await t.mailer.drain();
    expect((await t.get('/api/v1/contact/messages')).status).toBe(401);
    expect((await list('', memberToken)).status).toBe(403);
    const first = await json(await list('?perPage=2'));
    expect(first).toMatchObject({ page: 1, perPage: 2, total: 3 });
    expect(first.items.map((m: { message: string }) => m.message)).toEqual(['message 3', 'message 2']);
    expect(first.items[0]).toEqual({
      id: expect.any(Number),
      name: valid.name,
      email: valid.email,
      message: 'message 3',
      ip: IP,
      userAgent: null,
      mailedAt: expect.any(String),
      createdAt: '2030-01-01T00:00:02.000Z',
    });
    const second = await json(await list('?perPage=2&page=2'));
    expect(second.items.map((m: { message: string }) => m.message)).toEqual(['message 1']);
    expect((await list('?perPage=101')).status).toBe(422);
  });

  it('GET /stats counts the messages of the last 24 hours', async () => {
    await build();
    const messages = async () =>
      (await json(await t.get('/api/v1/stats', (await json(await t.login('root'))).accessToken))).last24h.messages;
    expect(await messages()).toBe(0);
    await contact(valid);
    await contact({ ...valid, website: 'bot' });
    t.advance(12 * 3_600_000);
    await contact(valid);
    expect(await messages()).toBe(2);
    t.advance(12 * 3_600_000 + 1);
    expect(await messages()).toBe(1);
  });
});
