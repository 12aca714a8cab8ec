/**
 * The console at <base>/admin/, served from what console/build.ts wrote to dist/console/:
 * - `<base>/admin/assets/<name>-<hash>.<ext>`: immutable for a year, as the precompressed brotli or
 *   gzip copy when the client accepts it (no target in front of the app compresses by itself);
 * - `<base>/admin/logo.svg`: the console's icon at a stable address, the default `logo_url`
 *   (revalidated, since a build may change it);
 * - any other `<base>/admin/...` path: index.html, since the console routes in the browser (deep
 *   links), revalidated on every load, under the console's own Content-Security-Policy;
 * - no build: a 503 page that says how to build it (a later build is picked up without a restart).
 * Files are read with node:fs from the folder given (the app root's dist/console), once each.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { Hono } from 'hono';

import { problem } from './problem.ts';
import type { AppEnv } from './types.ts';

/**
 * Scripts, styles and every request from this origin only; no inline script or style, no eval;
 * images may be data: URLs (the 2FA QR code); script sinks need Trusted Types, which the console
 * never uses (Preact sets no HTML), so an injected string can never become markup.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A hashed file name as esbuild writes it (`main-Q3LK6N2D.js`): nothing else is ever read from disk. */
const ASSET_NAME = /^[\w.-]+-[A-Z0-9]{8}\.(js|css|svg|png|webp|woff2)$/;
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  webp: 'image/webp',
  woff2: 'font/woff2',
};
/** The encodings a build may have written beside a file, best first. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

interface Asset {
  type: string;
  identity: Uint8Array;
  encoded: Partial<Record<(typeof ENCODINGS)[number][0], Uint8Array>>;
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Filamenta</title></head>
<body>
<main>
<h1>The console is not built</h1>
<p>dist/console/ is missing. In the application folder, run <code>npm run build</code> (or <code>npm run console:build</code>), then reload this page.</p>
<p lang="fr">La console n’est pas construite : dans le dossier de l’application, lancez <code>npm run build</code>, puis rechargez la page.</p>
<p lang="es">La consola no está construida: en la carpeta de la aplicación, ejecute <code>npm run build</code> y vuelva a cargar la página.</p>
</main>
</body>
</html>
`;

/** The console's icon at a stable path under `<base>/admin/`: the default `logo_url`. */
export const LOGO = 'logo.svg';

/** Where console/build.ts writes the console, below the app root. */
const CONSOLE_DIR = join('dist', 'console');

/** The routes under /admin, serving the build in `<appRoot>/dist/console`. */
export function consoleRoutes(appRoot: string) {
  const dir = join(appRoot, CONSOLE_DIR);
  const assets = new Map<string, Promise<Asset | undefined>>();
  let index: { mtimeMs: number; html: string } | undefined;

  /** One asset and its compressed copies; a missing file is not remembered, so a later build is found. */
  const asset = (name: string): Promise<Asset | undefined> => {
    let found = assets.get(name);
    if (!found) {
      found = readAsset(join(dir, 'assets', name));
      assets.set(name, found);
      void found.then((a) => a || assets.delete(name));
    }
    return found;
  };

  /** index.html, read again when the build replaced it. */
  const indexHtml = async (): Promise<string | undefined> => {
    const file = join(dir, 'index.html');
    const info = await stat(file).catch(() => undefined);
    if (!info) return undefined;
    if (index?.mtimeMs !== info.mtimeMs) index = { mtimeMs: info.mtimeMs, html: await readFile(file, 'utf8') };
    return index.html;
  };

  /** The hashed icon file the last build wrote (its manifest's `icon`), re-read when the build changes. */
  let manifest: { mtimeMs: number; icon: string | undefined } | undefined;
  const iconName = async (): Promise<string | undefined> => {
    const file = join(dir, 'manifest.json');
    const info = await stat(file).catch(() => undefined);
    if (!info) return undefined;
    if (manifest?.mtimeMs !== info.mtimeMs) {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { icon?: unknown };
      manifest = { mtimeMs: info.mtimeMs, icon: typeof parsed.icon === 'string' ? parsed.icon.replace(/^assets\//, '') : undefined };
    }
    return manifest.icon;
  };

  return new Hono<AppEnv>()
    .get(`/${LOGO}`, async (c) => {
      const name = await iconName();
      const found = name && ASSET_NAME.test(name) ? await asset(name) : undefined;
      if (!found) return problem(c, { status: 404, detail: 'The console is not built, so it has no logo' });
      c.header('Cache-Control', 'public, max-age=0, must-revalidate');
      c.header('ETag', `"${name}"`);
      if (c.req.header('if-none-match')?.includes(`"${name}"`)) return c.body(null, 304);
      return c.body(found.identity as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': found.type });
    })
    .get('/assets/:file', async (c) => {
      const name = c.req.param('file');
      const found = ASSET_NAME.test(name) ? await asset(name) : undefined;
      if (!found) return problem(c, { status: 404, detail: `No file ${name} in the console` });
      const encoding = ENCODINGS.find(([coding]) => found.encoded[coding] && accepts(c.req.header('accept-encoding'), coding))?.[0];
      c.header('Cache-Control', IMMUTABLE);
      c.header('Vary', 'Accept-Encoding');
      if (encoding) c.header('Content-Encoding', encoding);
      return c.body((encoding ? found.encoded[encoding] : found.identity) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': found.type });
    })
    .get('/assets/*', (c) => problem(c, { status: 404, detail: 'No such file in the console' }))
    .get('*', async (c) => {
      const html = await indexHtml();
      c.header('Cache-Control', 'no-cache');
      c.header('Content-Security-Policy', CONSOLE_CSP);
      c.header('Cross-Origin-Opener-Policy', 'same-origin');
      if (!html) return c.html(NOT_BUILT, 503);
      const base = baseHref(new URL(c.req.url).pathname, c.var.client.prefix);
      return c.html(html.replace(/<base href="[^"]*"\s*\/?>/, `<base href="${base}">`));
    });
}

async function readAsset(path: string): Promise<Asset | undefined> {
  const identity = await readFile(path).catch(() => undefined);
  if (!identity) return undefined;
  const encoded: Asset['encoded'] = {};
  for (const [coding, suffix] of ENCODINGS) {
    const bytes = await readFile(`${path}${suffix}`).catch(() => undefined);
    if (bytes) encoded[coding] = bytes;
  }
  return { type: TYPES[path.slice(path.lastIndexOf('.') + 1)], identity, encoded };
}

/** Whether an Accept-Encoding header accepts `coding` (by name or `*`, with a q-value above 0). */
export function accepts(header: string | undefined, coding: string): boolean {
  let wildcard = false;
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const allowed = !q || Number(q.slice(2)) > 0;
    if (name === coding) return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

/**
 * The <base href> that makes the console's relative URLs (assets/..., ../api/v1/...) resolve below
 * `<base>/admin/` from any deep link, relative to the page's own URL so that whatever sits in front
 * of the prefix (an API Gateway stage, a proxy that strips the prefix) is kept: `/admin` -> `admin/`,
 * `/admin/` -> `./`, `/admin/users/5` -> `../`.
 */
export function baseHref(pathname: string, prefix: string): string {
  const start = prefix && pathname.startsWith(`${prefix}/admin`) ? prefix.length : 0;
  const rest = pathname.slice(start + '/admin'.length);
  const depth = rest.split('/').length - 1;
  return depth === 0 ? 'admin/' : '../'.repeat(depth - 1) || './';
}
