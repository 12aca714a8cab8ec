/** GET /api/v1/docs: the interactive reference, its files served by the app, under BASE_PATH. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { App } from '#src/app.ts';
import { type EnvSource, loadConfig } from '#src/config.ts';
import { appOn, buildTestApp, type TestApp } from '#test/support/app.ts';
import { testEnv } from '#test/support/databases.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ DB_PATH: ':memory:' }, { seed: false });
});
afterAll(() => t?.close());

function appWith(env: EnvSource, peer = '127.0.0.1'): App {
  return appOn(t, loadConfig(testEnv({ DB_PATH: ':memory:', ...env })), peer);
}

/** The URLs of the page's stylesheet and scripts, and the spec URL it hands Swagger UI. */
function references(html: string) {
  return {
    assets: [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1]),
    spec: /data-spec-url="([^"]+)"/.exec(html)?.[1],
  };
}

describe('API reference', () => {
  it('answers an HTML page that loads its files from under BASE_PATH and points at the spec there', async () => {
    const app = appWith({ BASE_PATH: '/filamenta' });
    const res = await app.request('/filamenta/api/v1/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const { assets, spec } = references(await res.text());
    expect(spec).toBe('/filamenta/api/v1/openapi.json');
    expect(assets).toEqual([
      '/filamenta/api/v1/docs/swagger-ui.css',
      '/filamenta/api/v1/docs/swagger-ui-bundle.js',
      '/filamenta/api/v1/docs/init.js',
    ]);
    expect((await app.request(spec!)).status).toBe(200);
  });

  it.each([
    ['/api/v1/docs/swagger-ui.css', 'text/css; charset=utf-8', '.swagger-ui'],
    ['/api/v1/docs/swagger-ui-bundle.js', 'text/javascript; charset=utf-8', 'SwaggerUIBundle'],
    ['/api/v1/docs/init.js', 'text/javascript; charset=utf-8', 'root.dataset.specUrl'],
  ])('serves %s as %s, without a source-map reference', async (path, type, marker) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(type);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const body = await res.text();
    expect(body).toContain(marker);
    expect(body).not.toMatch(/sourceMappingURL/);
  });

  it('gives the page a CSP that allows its own files and the spec fetch and nothing else, inline scripts included', async () => {
    const res = await t.app.request('/api/v1/docs');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
    });
    expect(csp).not.toMatch(/https?:|unsafe-eval/);
    expect(await res.text()).not.toMatch(/<script>|<script [^>]*>[^<]/);
    // Everything else keeps the API's own policy.
    expect((await t.app.request('/api/v1/docs/init.js')).headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('follows a trusted proxy prefix, and escapes it in the page', async () => {
    const app = appWith({ TRUST_PROXY: 'loopback' });
    const res = await app.request('/api/v1/docs', { headers: { 'X-Forwarded-Prefix': '/a&b' } });
    const { spec, assets } = references(await res.text());
    expect(spec).toBe('/a&amp;b/api/v1/openapi.json');
    expect(assets[0]).toBe('/a&amp;b/api/v1/docs/swagger-ui.css');
  });

  it('answers 404 problem for a file it does not have', async () => {
    for (const path of ['/api/v1/docs/swagger-ui.js.map', '/api/v1/docs/index.html', '/api/v1/docs/nope.js']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    }
  });
});
