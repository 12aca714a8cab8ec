/**
 * The console at <base>/admin/: index.html for every page (deep links) with a <base> that fits the
 * URL, its own CSP, revalidated; hashed assets immutable and precompressed by Accept-Encoding; a
 * page that says how to build it when dist/console/ is missing. A hand-made build in a temporary
 * app root pins the serving down; the real build (made by the test run's global setup) is checked
 * to serve every file its index.html names, within the first-load budget.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FIRST_LOAD_BUDGET, readManifest } from '#console/build.ts';
import type { App } from '#src/app.ts';
import { type EnvSource, loadConfig } from '#src/config.ts';
import { accepts, baseHref, CONSOLE_CSP, IMMUTABLE } from '#src/http/console.ts';
import { appOn, buildTestApp, type TestApp } from '#test/support/app.ts';
import { testEnv } from '#test/support/databases.ts';

const SCRIPT = 'console.log("hello from the console");\n'.repeat(20);
const INDEX = '<!doctype html><html><head><base href="./" /><script type="module" src="assets/main-ABCDEFGH.js"></script></head></html>';

let t: TestApp;
let root: string;
beforeAll(async () => {
  t = await buildTestApp({ DB_PATH: ':memory:' }, { seed: false });
  root = mkdtempSync(join(tmpdir(), 'filamenta-console-'));
  mkdirSync(join(root, 'dist', 'console', 'assets'), { recursive: true });
  const assets = join(root, 'dist', 'console', 'assets');
  writeFileSync(join(assets, 'main-ABCDEFGH.js'), SCRIPT);
  writeFileSync(join(assets, 'main-ABCDEFGH.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(assets, 'main-ABCDEFGH.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(assets, 'plain-ABCDEFGH.css'), 'body{}');
  writeFileSync(join(root, 'dist', 'console', 'index.html'), INDEX);
});
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

function appAt(appRoot: string | undefined, env: EnvSource = {}): App {
  return appOn(t, loadConfig(testEnv({ DB_PATH: ':memory:', ...env }), appRoot ? { appRoot } : {}), '127.0.0.1');
}

const baseOf = (html: string) => /<base href="([^"]*)">/.exec(html)?.[1];

describe('the console page', () => {
  it.each([
    ['/admin', 'admin/'],
    ['/admin/', './'],
    ['/admin/users', './'],
    ['/admin/users/5', '../'],
    ['/admin/users/5/', '../../'],
    ['/admin/reset-password?token=abc', './'],
  ])('GET %s answers index.html with <base href="%s">, no-cache and the console CSP', async (path, base) => {
    const res = await appAt(root).request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    expect(res.headers.get('Content-Security-Policy')).toBe(CONSOLE_CSP);
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    const html = await res.text();
    expect(baseOf(html)).toBe(base);
    expect(html).toContain('src="assets/main-ABCDEFGH.js"');
  });

  it('resolves the same files under BASE_PATH, whether or not a proxy stripped the prefix', async () => {
    const app = appAt(root, { BASE_PATH: '/filamenta' });
    for (const path of ['/filamenta/admin/content/7', '/admin/content/7']) {
      const html = await (await app.request(path)).text();
      expect(baseOf(html), path).toBe('../');
      // What a browser resolves from the page's own URL (the prefix comes with it).
      expect(new URL('../', `https://example.com/filamenta/admin/content/7`).pathname).toBe('/filamenta/admin/');
    }
  });

  it('keeps the API’s own policy on the API: the console CSP is for its pages only', async () => {
    const res = await appAt(root).request('/api/v1/version');
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('forbids inline scripts and styles, eval and other origins in the policy it sends', () => {
    const directives = Object.fromEntries(CONSOLE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
    });
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('answers 503 with how to build it when dist/console/ is missing, and serves the build once made', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'filamenta-console-empty-'));
    try {
      const app = appAt(empty);
      const res = await app.request('/admin/');
      expect(res.status).toBe(503);
      expect(res.headers.get('Content-Security-Policy')).toBe(CONSOLE_CSP);
      expect(await res.text()).toMatch(/The console is not built.*npm run build/s);
      mkdirSync(join(empty, 'dist', 'console'), { recursive: true });
      writeFileSync(join(empty, 'dist', 'console', 'index.html'), INDEX);
      expect((await app.request('/admin/')).status).toBe(200);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('answers other methods with 405 and Allow', async () => {
    const res = await appAt(root).request('/admin/users', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
  });
});

describe('the console assets', () => {
  const get = (path: string, encoding?: string) => appAt(root).request(path, { headers: encoding ? { 'Accept-Encoding': encoding } : {} });

  it('serves a hashed script as immutable, brotli when accepted, else gzip, else as it is', async () => {
    const br = await get('/admin/assets/main-ABCDEFGH.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(br.headers.get('Cache-Control')).toBe(IMMUTABLE);
    expect(br.headers.get('Vary')).toBe('Accept-Encoding');
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(SCRIPT);

    const gzip = await get('/admin/assets/main-ABCDEFGH.js', 'gzip;q=1, br;q=0');
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(SCRIPT);

    const identity = await get('/admin/assets/main-ABCDEFGH.js');
    expect(identity.headers.get('Content-Encoding')).toBeNull();
    expect(await identity.text()).toBe(SCRIPT);
  });

  it('serves a file without compressed copies as it is, whatever the client accepts', async () => {
    const res = await get('/admin/assets/plain-ABCDEFGH.css', 'br, gzip');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(await res.text()).toBe('body{}');
  });

  it.each(['/admin/assets/missing-ABCDEFGH.js', '/admin/assets/main.js', '/admin/assets/..%2Findex.html', '/admin/assets/a/b.js'])(
    'answers %s with a 404 problem, never index.html',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    },
  );

  it('reads Accept-Encoding with q-values and the wildcard', () => {
    expect(accepts('gzip, br', 'br')).toBe(true);
    expect(accepts('gzip;q=0.5', 'br')).toBe(false);
    expect(accepts('br;q=0', 'br')).toBe(false);
    expect(accepts('*', 'gzip')).toBe(true);
    expect(accepts('*;q=0, gzip', 'br')).toBe(false);
    expect(accepts(undefined, 'gzip')).toBe(false);
  });

  it('computes <base> from the path, with a prefix in front or not', () => {
    expect(baseHref('/filamenta/admin', '/filamenta')).toBe('admin/');
    expect(baseHref('/filamenta/admin/a/b/c', '/filamenta')).toBe('../../');
    expect(baseHref('/admin/a/b/c', '/filamenta')).toBe('../../');
  });
});

describe('the built console (dist/console, made by the test run’s global setup)', () => {
  it('serves every file its index.html names, and the sign-in page’s first load stays within the budget', async () => {
    const manifest = readManifest();
    expect(manifest, 'dist/console/manifest.json: the global setup builds it').toBeDefined();
    const html = await (await t.app.request('/admin/sign-in')).text();
    const named = [...html.matchAll(/(?:href|src)="(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(named).toContain(manifest!.entry);
    expect(named).toEqual(expect.arrayContaining([...manifest!.styles, ...manifest!.preload, manifest!.icon]));
    for (const file of named) {
      const res = await t.app.request(`/admin/${file}`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status, file).toBe(200);
      expect(res.headers.get('Cache-Control')).toBe(IMMUTABLE);
    }
    expect(manifest!.firstLoad.files).toEqual(expect.arrayContaining([manifest!.entry, ...manifest!.styles]));
    expect(manifest!.firstLoad.files.some((f) => /sign-in-/.test(f))).toBe(true);
    expect(manifest!.firstLoad.gzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });
});
