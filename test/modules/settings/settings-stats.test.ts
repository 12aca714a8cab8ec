/** GET/PATCH /api/v1/settings and GET /api/v1/stats: roles, typed values, partial writes, validation, audit, real counts. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditEvent, Content, Setting, User } from '#src/db/entities/index.ts';
import { SETTING_DEFAULTS } from '#src/db/seed.ts';
import { settingsCipher } from '#src/modules/settings/settings.crypto.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const DEFAULTS = Object.fromEntries(SETTING_DEFAULTS.map((d) => [d.key, d.value]));

describeEachDatabase('settings and stats', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  const admin = () => t.admin_.accessToken;
  const settings = async () => json(await t.send('GET', '/api/v1/settings', admin()));
  const patch = (body: unknown, token = admin()) => t.send('PATCH', '/api/v1/settings', token, body);
  const audit = () => t.orm.fork().find(AuditEvent, { action: 'settings.updated' }, { orderBy: { id: 'asc' } });

  it('anonymous callers get 401, members and editors 403, on every operation', async () => {
    const calls: [string, string, unknown][] = [
      ['GET', '/api/v1/settings', undefined],
      ['PATCH', '/api/v1/settings', { registration_enabled: true }],
      ['GET', '/api/v1/stats', undefined],
    ];
    for (const [method, path, body] of calls) {
      expect((await t.send(method, path, undefined, body)).status, `${method} ${path}`).toBe(401);
      expect((await t.send(method, path, t.member.accessToken, body)).status, `${method} ${path}`).toBe(403);
      expect((await t.send(method, path, t.editor.accessToken, body)).status, `${method} ${path}`).toBe(403);
    }
    expect((await settings()).registration_enabled).toBe(false);
    expect(await audit()).toHaveLength(0);
  });

  it('GET answers every seeded default with its type', async () => {
    const res = await t.send('GET', '/api/v1/settings', admin());
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(DEFAULTS);
  });

  it('PATCH changes only the named keys, keeps types through the database, and audits the changed keys', async () => {
    const res = await patch({ registration_enabled: true, smtp_port: 587, site_name: 'Filamenta', '2fa_required': false });
    expect(res.status).toBe(200);
    const expected = { ...DEFAULTS, registration_enabled: true, smtp_port: 587, site_name: 'Filamenta' };
    expect(await json(res)).toEqual(expected);
    const after = await settings();
    expect(after).toEqual(expected);
    expect(typeof after.registration_enabled).toBe('boolean');
    expect(typeof after.smtp_port).toBe('number');
    // Stored typed, not as strings, in the row itself.
    const row = await t.orm.fork().findOneOrFail(Setting, { key: 'smtp_port' });
    expect(row.value).toBe(587);
    expect((await t.orm.fork().findOneOrFail(Setting, { key: 'registration_enabled' })).value).toBe(true);

    // Back to false: a falsy boolean is a value, not "unset".
    expect(await json(await patch({ registration_enabled: false }))).toEqual({ ...expected, registration_enabled: false });

    const events = await audit();
    expect(events.map((e) => e.details)).toEqual([
      { changed: ['smtp_port', 'registration_enabled', 'site_name'] },
      { changed: ['registration_enabled'] },
    ]);
    expect(events[0]).toMatchObject({ targetType: 'settings' });
    expect(events[0].actor?.id).toBe(t.admin_.user.id);
    // The audit log reads them back through the API too.
    const listed = await json(await t.send('GET', '/api/v1/audit?action=settings.updated', admin()));
    expect(listed.total).toBe(2);
  });

  it('an unchanged value writes nothing and no audit event', async () => {
    expect((await patch({ registration_enabled: false, smtp_port: 465 })).status).toBe(200);
    expect(await audit()).toHaveLength(0);
  });

  it('unknown keys and wrong types are 422 with one error per key, and nothing changes', async () => {
    const res = await patch({ registration_enabled: 'true', smtp_port: '587', nope: 1, email_format: 'pdf', site_name: 'Kept?' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = await json(res);
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['email_format', 'nope', 'registration_enabled', 'smtp_port']);
    expect(await settings()).toEqual(DEFAULTS);
    expect(await audit()).toHaveLength(0);

    for (const bad of [{ smtp_port: 1.5 }, { smtp_port: -1 }, { smtp_tls_enabled: null }, { site_name: 1 }, [], 'x']) {
      expect((await patch(bad)).status, JSON.stringify(bad)).toBe(422);
    }
    expect(await settings()).toEqual(DEFAULTS);
  });

  it('a sender address or a port the mail server would refuse is a 422 now, not a failed mail later', async () => {
    // The fuzzer stored smtp_from_email "yyy...": every mail after it failed (the SMTP test answered 502).
    // And a link lifetime past the databases' date range (the fuzzer stored one: "Incorrect datetime value" on MariaDB).
    for (const bad of [
      { smtp_from_email: 'not an address' },
      { smtp_from_email: '' },
      { smtp_port: 0 },
      { smtp_port: 65_536 },
      { email_verification_token_expiry_hours: 1_500_000_000 },
      { password_reset_token_expiry_minutes: 1_000_000 },
    ]) {
      const res = await patch(bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect((await json(res)).errors.map((e: { path: string }) => e.path)).toEqual(Object.keys(bad));
    }
    expect(await settings()).toEqual(DEFAULTS);
    expect((await patch({ smtp_from_email: 'site@example.org', smtp_port: 2525 })).status).toBe(200);
  });

  it('secrets are masked in GET and never in the audit log; an empty or masked value keeps them', async () => {
    const secret = 's3cr3t-password-value';
    const res = await patch({ smtp_password: secret, smtp_user: 'mailer' });
    expect(res.status).toBe(200);
    const after = await json(res);
    expect(after.smtp_password).toBe('********');
    expect(after.smtp_user).toBe('********');
    expect(JSON.stringify(await settings())).not.toContain(secret);

    // Saving the form back (masked) or with an empty field does not wipe the secret.
    expect((await patch({ ...after, smtp_password: '', site_name: 'Other' })).status).toBe(200);
    // Encrypted at rest under SECRET_KEY, bound to the setting's name; another key cannot open it.
    const stored = (await t.orm.fork().findOneOrFail(Setting, { key: 'smtp_password' })).value;
    expect(stored).toMatch(/^enc:v1:/);
    expect(String(stored)).not.toContain(secret);
    const cipher = settingsCipher(t.config.secretKey);
    expect(cipher.open('smtp_password', stored)).toBe(secret);
    expect(() => cipher.open('smtp_user', stored)).toThrow(/cannot be decrypted/);
    expect(() => settingsCipher('another-secret-key-of-32-characters!!').open('smtp_password', stored)).toThrow(/SECRET_KEY/);
    expect(cipher.open('smtp_user', (await t.orm.fork().findOneOrFail(Setting, { key: 'smtp_user' })).value)).toBe('mailer');
    // A new value replaces it; the same value again is no change.
    expect((await patch({ smtp_password: 'next-password' })).status).toBe(200);
    expect((await patch({ smtp_password: 'next-password' })).status).toBe(200);
    expect(cipher.open('smtp_password', (await t.orm.fork().findOneOrFail(Setting, { key: 'smtp_password' })).value)).toBe('next-password');

    const events = await audit();
    expect(events.map((e) => e.details)).toEqual([
      { changed: ['smtp_user', 'smtp_password'] },
      { changed: ['site_name'] },
      { changed: ['smtp_password'] },
    ]);
    expect(JSON.stringify(await json(await t.send('GET', '/api/v1/audit', admin())))).not.toContain(secret);
  });

  it('stats count users, content per status and the last 24 hours of logins', async () => {
    const get = async () => {
      const res = await t.send('GET', '/api/v1/stats', admin());
      expect(res.status).toBe(200);
      return json(res);
    };
    // root (admin), eddie (editor), mia (member): three logins so far.
    expect(await get()).toEqual({
      users: { total: 3, active: 3, admins: 1, twoFactor: 0 },
      content: { draft: 0, published: 0, archived: 0 },
      last24h: { logins: 3, failedLogins: 0, messages: 0 },
    });

    await t.create({ title: 'One' });
    await t.create({ title: 'Two' });
    await t.create({ title: 'Three', status: 'published' });
    const four = await t.create({ title: 'Four', status: 'published' });
    expect((await t.send('POST', `/api/v1/content/${four.id}/archive`, t.editor.accessToken)).status).toBe(200);
    expect((await t.login('mia', 'wrong password')).status).toBe(401);
    expect((await t.login('mia')).status).toBe(200);

    // Users without an endpoint yet: an inactive one, a soft-deleted one, a second admin with 2FA.
    const em = t.orm.fork();
    const base = { passwordHash: 'x', createdAt: t.now(), updatedAt: t.now() };
    em.create(User, { ...base, username: 'idle', email: 'idle@example.com', active: false });
    em.create(User, { ...base, username: 'gone', email: 'gone@example.com', deletedAt: t.now() });
    em.create(User, { ...base, username: 'boss', email: 'boss@example.com', role: 'admin', twoFactorEnabled: true });
    await em.flush();

    expect(await get()).toEqual({
      users: { total: 5, active: 4, admins: 2, twoFactor: 1 },
      content: { draft: 2, published: 1, archived: 1 },
      last24h: { logins: 4, failedLogins: 1, messages: 0 },
    });
    expect(await t.orm.fork().count(Content, {})).toBe(4);

    // A day later the earlier logins fall out of the window (the admin signs in again: one login); the rest stays.
    t.advance(24 * 60 * 60 * 1000 + 1000);
    t.admin_ = await json(await t.login('root'));
    const later = await get();
    expect(later.last24h).toEqual({ logins: 1, failedLogins: 0, messages: 0 });
    expect(later.users).toEqual({ total: 5, active: 4, admins: 2, twoFactor: 1 });
  });
});

describeEachDatabase(
  'settings and stats in the OpenAPI document',
  (type) => {
    it('documents the typed settings map, the patch body and where the stats count messages', async () => {
      const t = await buildContentApp(type);
      try {
        const doc = await json(await t.app.request('/api/v1/openapi.json'));
        const settings = doc.components.schemas.Settings;
        expect(settings.properties.registration_enabled.type).toBe('boolean');
        expect(settings.properties.smtp_port.type).toBe('integer');
        expect(settings.properties.site_name.type).toBe('string');
        expect(Object.keys(settings.properties).sort()).toEqual(Object.keys(DEFAULTS).sort());
        const patchOp = doc.paths['/api/v1/settings'].patch;
        expect(patchOp.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SettingsPatch');
        expect(Object.keys(patchOp.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '422', '503']);
        expect(JSON.stringify(doc.components.schemas.Stats)).toContain('messages received through the contact form');
      } finally {
        await t.close();
      }
    });
  },
  ['sqlite'],
);
