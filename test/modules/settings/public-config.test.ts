/** GET /api/v1/config: the public subset of the settings, anonymous, following PATCH /api/v1/settings, never a secret. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { Setting } from '#src/db/entities/index.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const DEFAULT_CONFIG = {
  siteName: 'X-Filamenta',
  siteUrl: 'http://localhost:5000',
  logoUrl: '/static/logo.png',
  footerText: '',
  registrationEnabled: false,
  emailVerificationRequired: false,
  twoFactorRequired: false,
  languages: ['en', 'fr', 'es'],
};

describeEachDatabase('public configuration', (type) => {
  let t: ContentTestApp;
  beforeEach(async () => {
    t = await buildContentApp(type);
  });
  afterEach(() => t?.close());

  const config = async () => {
    const res = await t.send('GET', '/api/v1/config');
    expect(res.status).toBe(200);
    return res;
  };
  const patch = async (body: Record<string, unknown>) => {
    const res = await t.send('PATCH', '/api/v1/settings', t.admin_.accessToken, body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  };

  it('answers anyone the seeded defaults, typed, with the languages', async () => {
    expect(await json(await config())).toEqual(DEFAULT_CONFIG);
    // A token changes nothing: the same public answer.
    expect(await json(await t.send('GET', '/api/v1/config', t.member.accessToken))).toEqual(DEFAULT_CONFIG);
  });

  it('follows a PATCH of /api/v1/settings', async () => {
    await patch({
      site_name: 'Atelier',
      registration_enabled: true,
      '2fa_required': true,
      footer_text: '© 2026',
      email_verification_required: true,
    });
    expect(await json(await config())).toEqual({
      ...DEFAULT_CONFIG,
      siteName: 'Atelier',
      footerText: '© 2026',
      registrationEnabled: true,
      emailVerificationRequired: true,
      twoFactorRequired: true,
    });
  });

  it('falls back to the defaults when a setting row is missing', async () => {
    await t.orm.fork().nativeDelete(Setting, { key: { $in: ['site_name', 'registration_enabled'] } });
    expect(await json(await config())).toEqual(DEFAULT_CONFIG);
  });

  it('never carries a secret or any setting outside the public subset', async () => {
    await patch({ smtp_password: 'S3cret-smtp-pass', smtp_user: 'mailer-login', smtp_host: 'smtp.internal.example' });
    const text = await (await config()).text();
    expect(text).not.toMatch(/S3cret-smtp-pass|mailer-login|smtp\.internal|smtp|\*\*\*/i);
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
  });

  it('is described in the OpenAPI document as needing no token', async () => {
    const doc = await json(await t.send('GET', '/api/v1/openapi.json'));
    const op = doc.paths['/api/v1/config'].get;
    expect(op.security).toEqual([]);
    expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/PublicConfig');
  });
});
