/**
 * npm run docs:endpoints            rewrite the README's endpoint table from the OpenAPI document
 * npm run docs:endpoints -- --check exit 1 when the table is not what the document says
 *
 * One row per operation: method and path, who may call it (`x-roles`, or anyone when the operation
 * needs no token) and its summary. The document comes from the app itself, on an in-memory
 * SQLite database, so nothing is configured or contacted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { format } from 'prettier';

import { createApp } from '../src/app.ts';
import { APP_ROOT, loadConfig } from '../src/config.ts';
import { ROLES } from '../src/db/entities/index.ts';
import { createOrm } from '../src/db/orm.ts';
import { createLogger } from '../src/logger.ts';
import { createServices } from '../src/services.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const README = join(APP_ROOT, 'README.md');
const HEADER = '| Method and path';

/** The app's OpenAPI document, built without any configuration or database. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DB_PATH: ':memory:',
    SECRET_KEY: 'endpoint-table-0123456789abcdefghijkl',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger({ logLevel: 'silent' });
  const orm = await createOrm(config, { logger });
  try {
    return (await (
      await createApp({ orm, services: createServices(config, orm), logger }).request('/api/v1/openapi.json')
    ).json()) as OpenApiDocument;
  } finally {
    await orm.close();
  }
}

/** Whether an operation needs a token: it has security and none of its alternatives is the empty one (`{}`). */
export function needsToken(op: Operation): boolean {
  return !!op.security?.length && op.security.every((requirement) => Object.keys(requirement).length > 0);
}

function who(op: Operation): string {
  if (!needsToken(op)) return 'anyone';
  const roles = op['x-roles'];
  if (!roles) throw new Error(`An operation with security has no x-roles (use access() from src/http/validation.ts): ${op.summary}`);
  return ROLES.every((role) => roles.includes(role)) ? 'signed in' : roles.join(', ');
}

/** The table, formatted as prettier formats the README; system routes first, then in document order. */
export async function renderEndpointTable(doc: OpenApiDocument): Promise<string> {
  const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const system = ops.filter((o) => o.op.tags?.includes('System'));
  const rows = [...system, ...ops.filter((o) => !system.includes(o))].map((o) => [
    `\`${o.method} ${o.path}\``,
    who(o.op),
    sentence(o.op.summary),
  ]);
  const lines = ['| Method and path | Who | What it answers |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)];
  return (await format(lines.join('\n'), { parser: 'markdown', printWidth: 140, proseWrap: 'preserve' })).trimEnd();
}

function sentence(summary = ''): string {
  const text = summary.replace(/\|/g, '\\|').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The README with its endpoint table replaced by `table`. */
export function withEndpointTable(readme: string, table: string): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith(HEADER));
  if (start < 0) throw new Error(`README.md has no table starting with "${HEADER}"`);
  let end = start;
  while (end < lines.length && lines[end].startsWith('|')) end++;
  return [...lines.slice(0, start), table, ...lines.slice(end)].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
  const readme = readFileSync(README, 'utf8');
  const next = withEndpointTable(readme, await renderEndpointTable(await openApiDocument()));
  if (values.check) {
    if (next !== readme) {
      process.stderr.write('README.md: the endpoint table differs from the OpenAPI document; run npm run docs:endpoints\n');
      process.exit(1);
    }
    console.log('README.md: the endpoint table matches the OpenAPI document');
  } else {
    writeFileSync(README, next);
    console.log(next === readme ? 'README.md: the endpoint table was already current' : 'README.md: endpoint table rewritten');
  }
}
