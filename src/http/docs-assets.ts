/**
 * Swagger UI's browser files, read from the swagger-ui-dist package. The esbuild config replaces
 * this module in the bundles with one that carries the same text inline (a lazy chunk), so a
 * bundle serves the reference without node_modules (the Lambda zip has none).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const DOCS_ASSET_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js'] as const;
export type DocsAssetFile = (typeof DOCS_ASSET_FILES)[number];

/** The files' text, without their source-map comments (the maps are not served). */
export async function loadDocsAssets(): Promise<Record<DocsAssetFile, string>> {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const texts = await Promise.all(DOCS_ASSET_FILES.map((file) => readFile(join(dir, file), 'utf8')));
  return Object.fromEntries(
    DOCS_ASSET_FILES.map((file, i) => [file, texts[i].replace(/\n?\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, '\n')]),
  ) as Record<DocsAssetFile, string>;
}
