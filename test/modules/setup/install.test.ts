/** Installing through /api/v1/setup on a database where nothing ran yet: the report, the migrations, the SMTP test, the first administrator with the site. */
import { afterEach, expect, it } from 'vitest';

import { Setting, User, UserPreferences } from '#src/db/entities/index.ts';
import { migrationNames } from '#src/db/migrations/index.ts';
import { SETTING_DEFAULTS } from '#src/db/seed.ts';
import { buildTestApp, type TestApp } from '#test/support/app.ts';
import { PASSWORD, SETUP_TOKEN } from '#test/support/auth.ts';
import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const SETUP_DONE = 'urn:filamenta:problem:setup-done';
const admin = { username: 'ada', email: 'ada@example.com', password: PASSWORD };

describeEachDatabase('install from nothing through /api/v1/setup', (type) => {
  let db: ProvisionedDb | undefined;
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.services.mailer.drain();
    await t?.close();
    await db?.drop();
    t = db = undefined;
  });

  /** An app on an empty database: nothing migrated, nothing seeded. */
  const fresh = async (env: Record<string, string> = {}) => {
    db = await provisionDatabase(type);
    t = await buildTestApp({ ...db.env, SETUP_TOKEN, RATE_LIMIT_AUTH_PER_MINUTE: '0', ...env }, { migrate: false });
    return t;
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t!.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const status = async () => json(await t!.app.request('/api/v1/setup'));

  it('GET /api/v1/setup reports an empty database: every migration pending, the token set, no administrator', async () => {
    await fresh();
    const body = await status();
    expect(body.installed).toBe(false);
    const report = body.report;
    expect(report.node).toEqual({ version: process.versions.node, required: '>=22.18', supported: true });
    expect(report.database).toMatchObject({ type, reachable: true, pendingMigrations: [...migrationNames(type)] });
    expect(report.database.pendingMigrations.length).toBeGreaterThan(0);
    expect(report.setupToken).toBe(true);
    expect(report.secretKey).toBe('persistent');
    expect(report.mail).toBe('log');
    expect(report.basePath).toBe('');
    expect(report.publicUrl).toBeNull();
    expect(report.origin).toBe('http://localhost');
    if (type === 'sqlite') expect(report.dataFolder).toEqual({ path: expect.any(String), writable: true });
    else expect(report.dataFolder).toBeNull();
  });

  it('reports a random SECRET_KEY, an unset SETUP_TOKEN, the base path and PUBLIC_URL as configured', async () => {
    await fresh({ SECRET_KEY: '', SETUP_TOKEN: '', NODE_ENV: 'development', BASE_PATH: '/filamenta', PUBLIC_URL: 'https://example.org' });
    const { report } = await json(await t!.app.request('/filamenta/api/v1/setup'));
    expect(report).toMatchObject({ secretKey: 'random', setupToken: false, basePath: '/filamenta', publicUrl: 'https://example.org' });
  });

  it('POST /api/v1/setup/migrations refuses without the token, with a wrong one, and when SETUP_TOKEN is unset; nothing runs', async () => {
    await fresh();
    const none = await post('/api/v1/setup/migrations', {});
    expect(none.status).toBe(403);
    expect((await json(none)).detail).toMatch(/SETUP_TOKEN/);
    const wrong = await post('/api/v1/setup/migrations', { token: 'not-the-token-at-all' });
    expect(wrong.status).toBe(403);
    expect((await json(wrong)).detail).toBe('Wrong setup token');
    expect((await status()).report.database.pendingMigrations).toEqual([...migrationNames(type)]);
  });

  it('is refused with a clear 403 on a server without SETUP_TOKEN', async () => {
    await fresh({ SETUP_TOKEN: '' });
    const res = await post('/api/v1/setup/migrations', { token: 'anything-at-all' });
    expect(res.status).toBe(403);
    expect((await json(res)).detail).toMatch(/SETUP_TOKEN is not set.*admin:create/);
  });

  it('installs: migrations and defaults, an SMTP test, the administrator with the site name and URL; then every step but the migrations says setup is done', async () => {
    await fresh();
    const migrated = await post('/api/v1/setup/migrations', { token: SETUP_TOKEN });
    expect(migrated.status).toBe(200);
    expect(await json(migrated)).toEqual({ applied: [...migrationNames(type)], seeded: SETTING_DEFAULTS.length });
    expect((await status()).report.database.pendingMigrations).toEqual([]);
    expect(await t!.orm.fork().count(Setting, {})).toBe(SETTING_DEFAULTS.length);
    // Again: nothing left to run or to add.
    expect(await json(await post('/api/v1/setup/migrations', { token: SETUP_TOKEN }))).toEqual({ applied: [], seeded: 0 });

    const mail = await post('/api/v1/setup/smtp-test', { token: SETUP_TOKEN, to: 'ops@example.com' });
    expect(mail.status).toBe(200);
    expect(await json(mail)).toEqual({ to: 'ops@example.com', via: 'log' });

    const created = await post('/api/v1/setup', {
      token: SETUP_TOKEN,
      ...admin,
      siteName: 'Ada’s site',
      siteUrl: 'https://ada.example',
      language: 'es',
    });
    expect(created.status).toBe(201);
    const made = await json(created);
    expect(made).toMatchObject({ username: 'ada', role: 'admin' });
    expect(await json(await t!.app.request('/api/v1/config'))).toMatchObject({ siteName: 'Ada’s site', siteUrl: 'https://ada.example' });

    const preferences = await t!.orm.fork().findOneOrFail(UserPreferences, { user: made.id });
    expect(preferences.language).toBe('es');

    // Installed: the report is gone, and the setup steps answer 409 with their problem type.
    expect(await status()).toEqual({ installed: true });
    for (const [path, body] of [
      ['/api/v1/setup/migrations', { token: SETUP_TOKEN }],
      ['/api/v1/setup/smtp-test', { token: SETUP_TOKEN, to: 'ops@example.com' }],
      ['/api/v1/setup', { token: SETUP_TOKEN, ...admin, username: 'bob', email: 'bob@example.com' }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBe(409);
      expect(await json(res), path).toMatchObject({ type: SETUP_DONE, title: 'Setup is done' });
    }
    expect(await t!.orm.fork().count(User, {})).toBe(1);

    // The migrations stay open to administrators, and to them only.
    const login = await json(await post('/api/v1/auth/login', { login: 'ada', password: PASSWORD }));
    const asAdmin = await post('/api/v1/setup/migrations', {}, { authorization: `Bearer ${login.accessToken}` });
    expect(asAdmin.status).toBe(200);
    expect(await json(asAdmin)).toEqual({ applied: [], seeded: 0 });
    const member = await post(
      '/api/v1/users',
      { username: 'mia', email: 'mia@example.com', password: PASSWORD, role: 'member' },
      { authorization: `Bearer ${login.accessToken}` },
    );
    expect(member.status).toBe(201);
    const memberLogin = await json(await post('/api/v1/auth/login', { login: 'mia', password: PASSWORD }));
    const asMember = await post('/api/v1/setup/migrations', {}, { authorization: `Bearer ${memberLogin.accessToken}` });
    expect(asMember.status).toBe(403);
    expect((await post('/api/v1/setup/migrations', {}, { authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('refuses a site URL that is not http(s) and an empty site name with 422, creating nobody', async () => {
    await fresh();
    await post('/api/v1/setup/migrations', { token: SETUP_TOKEN });
    const res = await post('/api/v1/setup', { token: SETUP_TOKEN, ...admin, siteName: ' ', siteUrl: 'javascript:alert(1)' });
    expect(res.status).toBe(422);
    expect((await json(res)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['siteName', 'siteUrl']);
    expect(await t!.orm.fork().count(User, {})).toBe(0);
  });

  it('counts wrong tokens against the auth rate limit: 429 with Retry-After', async () => {
    await fresh({ RATE_LIMIT_AUTH_PER_MINUTE: '2' });
    for (let i = 0; i < 2; i++) expect((await post('/api/v1/setup/migrations', { token: `wrong-token-${i}` })).status).toBe(403);
    const limited = await post('/api/v1/setup/migrations', { token: SETUP_TOKEN });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await status()).report.database.pendingMigrations.length).toBeGreaterThan(0);
  });
});
