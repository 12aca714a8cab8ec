/**
 * npm run lint:openapi   lint the OpenAPI document the app serves with Redocly CLI (redocly.yaml)
 *
 * The document is built by the app itself on an in-memory SQLite database (as `docs:endpoints`
 * builds it), written to a temporary file and linted there; the exit code is Redocly's (1 on any
 * error). Nothing is sent anywhere: telemetry is off in redocly.yaml and here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { APP_ROOT } from '../src/config.ts';
import { openApiDocument } from './endpoints.ts';

const dir = mkdtempSync(join(tmpdir(), 'filamenta-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
  const redocly = join(APP_ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const { status, error } = spawnSync(
    process.execPath,
    [redocly, 'lint', file, '--config', join(APP_ROOT, 'redocly.yaml'), '--format', 'stylish'],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  if (error) throw error;
  process.exitCode = status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
