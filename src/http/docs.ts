/**
 * GET /api/v1/docs: an interactive reference of /api/v1/openapi.json (Swagger UI), served with its
 * assets from the app itself, so it works offline and under a strict Content-Security-Policy: no
 * CDN, no inline script (the spec URL travels in a data attribute), styles the only inline thing.
 */
import { Hono } from 'hono';

import { problem } from './problem.ts';
import type { AppEnv } from './types.ts';

/** The page's own policy: scripts and styles from here, the spec fetched from here, nothing framed. */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes on SVG icons and its model views.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const INIT_JS = `'use strict';
const root = document.getElementById('swagger-ui');
window.ui = SwaggerUIBundle({
  url: root.dataset.specUrl,
  domNode: root,
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

function page(prefix: string, title: string): string {
  const here = escapeHtml(`${prefix}/api/v1/docs`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} API reference</title>
<link rel="stylesheet" href="${here}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec-url="${escapeHtml(`${prefix}/api/v1/openapi.json`)}"></div>
<script src="${here}/swagger-ui-bundle.js"></script>
<script src="${here}/init.js"></script>
</body>
</html>
`;
}

/** The page and its three files; Swagger UI's are loaded on the first request for one of them. */
export function docsRoutes(title: string) {
  let assets: Promise<Map<string, string>> | undefined;
  const load = () =>
    (assets ??= import('./docs-assets.ts')
      .then(async (m) => new Map([...Object.entries(await m.loadDocsAssets()), ['init.js', INIT_JS]]))
      .catch((error: unknown) => {
        // A failed load (the package missing) is tried again on the next request, not cached.
        assets = undefined;
        throw error;
      }));

  return new Hono<AppEnv>()
    .get('/', (c) => {
      c.header('Content-Security-Policy', DOCS_CSP);
      c.header('Cache-Control', 'no-cache');
      return c.html(page(c.var.client.prefix, title));
    })
    .get('/:file', async (c) => {
      const file = c.req.param('file');
      const type = TYPES[file.split('.').pop() ?? ''];
      const body = type ? (await load()).get(file) : undefined;
      if (body === undefined) return problem(c, { status: 404, detail: `No file ${file} in the API reference` });
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(body, 200, { 'Content-Type': type });
    });
}
