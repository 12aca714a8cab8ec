/**
 * npm run console:api            rewrite console/src/api/schema.d.ts from the OpenAPI document
 * npm run console:api -- --check exit 1 when the committed types differ from the document
 *
 * The console calls the API only through openapi-fetch typed by these declarations, so a route
 * that changes its path, parameters or bodies breaks `npm run typecheck` of the console, not a
 * person's click. The document comes from the app itself (in process, an in-memory SQLite database,
 * nothing configured or contacted), the same way the README's endpoint table does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

import { APP_ROOT } from '../src/config.ts';
import { openApiDocument } from './endpoints.ts';

export const SCHEMA_FILE = join(APP_ROOT, 'console', 'src', 'api', 'schema.d.ts');

const HEADER = [
  '/**',
  ' * The API as types, generated from /api/v1/openapi.json by `npm run console:api` (openapi-typescript).',
  ' * Do not edit: change the routes, then run the script; `npm run console:api -- --check` and',
  ' * test/console/source.test.ts fail while this file is stale.',
  ' */',
  '',
].join('\n');

/** The declarations for the document the app serves now. */
export async function consoleApiTypes(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as unknown as OpenAPI3, { alphabetize: false, immutable: false });
  return `${HEADER}${astToString(ast)}`;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
  const next = await consoleApiTypes();
  const current = (() => {
    try {
      return readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      return '';
    }
  })();
  if (values.check) {
    if (next !== current) {
      process.stderr.write('console/src/api/schema.d.ts differs from the OpenAPI document; run npm run console:api\n');
      process.exit(1);
    }
    console.log('console/src/api/schema.d.ts matches the OpenAPI document');
  } else {
    writeFileSync(SCHEMA_FILE, next);
    console.log(next === current ? 'console/src/api/schema.d.ts was already current' : 'console/src/api/schema.d.ts rewritten');
  }
}
