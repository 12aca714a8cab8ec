/** GET /api/v1/config: the public subset of the settings, anonymous, following PATCH /api/v1/settings, never a secret. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { Setting } from '#src/db/entities/index.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const DEFAULT_CONFIG = {
  siteName: 'X-Filamenta',
  siteUrl: 'http://localhost:5000',
  logoUrl: '/admin/logo.svg',
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

  it('the default logo URL answers the console’s icon; an old database’s /static/logo.png maps to it; a set URL is kept', async () => {
    const fetchLogo = async (app: ContentTestApp, url: string) => {
      const res = await app.app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toContain('<svg');
    };
    expect((await t.orm.fork().findOneOrFail(Setting, { key: 'logo_url' })).value).toBe('');
    const { logoUrl } = await json(await config());
    expect(logoUrl).toBe('/admin/logo.svg');
    await fetchLogo(t, logoUrl);
    // What main seeded before: a path to nothing, answered as the icon.
    await t.orm.fork().nativeUpdate(Setting, { key: 'logo_url' }, { value: '/static/logo.png' });
    expect((await json(await config())).logoUrl).toBe('/admin/logo.svg');
    await patch({ logo_url: 'https://cdn.example.com/brand.png' });
    expect((await json(await config())).logoUrl).toBe('https://cdn.example.com/brand.png');
    // Under a base path the URL carries the prefix, and the app serves it there.
    const based = await buildContentApp(type, { BASE_PATH: '/filamenta' });
    try {
      const res = await based.app.request('/filamenta/api/v1/config');
      expect(res.status).toBe(200);
      const url = (await json(res)).logoUrl;
      expect(url).toBe('/filamenta/admin/logo.svg');
      await fetchLogo(based, url);
    } finally {
      await based.close();
    }
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
