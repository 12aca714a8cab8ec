/**
 * Every script that acts on a database says first which one and where that choice came from, so
 * that a terminal without the variables the app gets elsewhere (cPanel's application screen) cannot
 * write to a stray SQLite file silently. Run in a copy of the app with a bare environment, as a
 * person in a hosting account's terminal runs them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { APP_ROOT } from '#test/support/child.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'filamenta-terminal-'));
  for (const part of ['src', 'scripts', 'package.json']) cpSync(join(APP_ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(APP_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** `node scripts/migrate.ts up` in the copy, with only PATH and HOME besides `env`. */
function migrate(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['scripts/migrate.ts', 'up'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...result, lines: result.stdout.split('\n') };
}

describe('a script run in a terminal', () => {
  it('with no database variable anywhere, says first that it uses the default SQLite file and why', () => {
    const result = migrate();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.lines[0]).toBe(
      `Database: sqlite:${root}/data/filamenta.sqlite (the default: DB_TYPE, DB_PATH set neither in the environment nor in ${root}/.env)`,
    );
    expect(result.lines[1]).toMatch(/^Ran \d+ migration\(s\): /);
    expect(existsSync(join(root, 'data', 'filamenta.sqlite'))).toBe(true);
  });

  it('with the database in .env, names .env as the source', () => {
    writeFileSync(join(root, '.env'), 'DB_TYPE=sqlite\nDB_PATH=data/site.sqlite\n');
    const result = migrate();
    expect(result.status).toBe(0);
    expect(result.lines[0]).toBe(`Database: sqlite:${root}/data/site.sqlite (DB_TYPE, DB_PATH from ${root}/.env)`);
  });

  it('names each source when the environment and .env both take part', () => {
    writeFileSync(join(root, '.env'), 'DB_PATH=data/from-dotenv.sqlite\n');
    const result = migrate({ DB_TYPE: 'sqlite' });
    expect(result.status).toBe(0);
    expect(result.lines[0]).toBe(
      `Database: sqlite:${root}/data/from-dotenv.sqlite (DB_TYPE from the environment; DB_PATH from ${root}/.env)`,
    );
  });

  it('with DATABASE_URL in the environment, says so, the password masked, before it fails to connect', () => {
    writeFileSync(join(root, '.env'), 'DB_TYPE=sqlite\n');
    const result = migrate({ DATABASE_URL: 'postgresql://app:s3cret@127.0.0.1:1/filamenta', DB_CONNECT_TIMEOUT_MS: '200' });
    expect(result.lines[0]).toBe('Database: postgresql://app:***@127.0.0.1:1/filamenta (DATABASE_URL from the environment)');
    expect(result.status).toBe(69);
    expect(result.stdout + result.stderr).not.toContain('s3cret');
  });
});
