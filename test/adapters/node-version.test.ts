/**
 * The ways people start Filamenta: every entry point checks the Node version before it loads
 * anything else (run here with an older Node, Debian 12's /usr/bin/node, which fails on the .ts
 * sources otherwise), and `npm start` stops when npm is told to stop.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { MINIMUM } from '#adapters/node-version.cjs';
import { APP_ROOT } from '#test/support/child.ts';
import { databasesRequired } from '#test/support/databases.ts';
import { cleanEnvironment, connectionRefused, freePort, httpRequest, killLeftovers, pollUntil } from '#test/support/process.ts';

/** A Node older than the app needs: Debian 12 ships 20. */
const OLD_NODE = process.env.TEST_OLD_NODE ?? '/usr/bin/node';
const oldVersion = existsSync(OLD_NODE) ? spawnSync(OLD_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
const [major, minor] = oldVersion.split('.').map(Number);
const oldEnough = oldVersion !== '' && (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1]));
const needed = MINIMUM.join('.');
/** The one line every entry point prints on that Node. */
const VERSION_LINE = `Filamenta needs Node.js ${needed} or newer, but this is Node.js ${oldVersion} (${OLD_NODE}): choose Node.js ${needed} or newer (24 LTS recommended)`;

const packageJson = JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
/** Tools with their own requirements; every other script runs the app's code. */
const TOOLING = new Set(['test', 'typecheck', 'lint', 'knip', 'format']);

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-entry-'));
  dirs.push(dir);
  return dir;
};
afterEach(killLeftovers);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it("the check's minimum is package.json's engines.node", () => {
  expect(packageJson.engines.node).toBe(`>=${needed}`);
});

const describeOldNode = oldEnough || databasesRequired() ? describe : describe.skip;
if (!oldEnough) console.warn(`\n*** ${OLD_NODE} (${oldVersion || 'missing'}) is not older than ${needed}: set TEST_OLD_NODE to one. ***\n`);

describeOldNode(`every entry point on an older Node (${OLD_NODE})`, () => {
  it(`${OLD_NODE} is older than ${needed}`, () => {
    expect(oldEnough, `${OLD_NODE} is ${oldVersion || 'missing'}`).toBe(true);
  });

  it.each(['adapters/node.js', 'adapters/container.js', 'adapters/node-version.cjs'])(
    '%s exits 78 with one line naming the version needed and the one running',
    (entry) => {
      const result = spawnSync(OLD_NODE, [entry], { cwd: APP_ROOT, env: cleanEnvironment({}), encoding: 'utf8', timeout: 20_000 });
      expect(result.stderr).toBe(`${VERSION_LINE}\n`);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(78);
    },
  );

  it('adapters/passenger.cjs outside Passenger says the same on one line and exits 78', () => {
    const result = spawnSync(OLD_NODE, ['adapters/passenger.cjs'], { cwd: APP_ROOT, env: cleanEnvironment({}), encoding: 'utf8' });
    expect(result.stderr).toBe(`Filamenta could not start: ${VERSION_LINE}\n`);
    expect(result.status).toBe(78);
  });

  const scripts = Object.keys(packageJson.scripts).filter((name) => !TOOLING.has(name));
  it.each(scripts)('npm run %s stops at the version check', (name) => {
    // npm itself comes from the same old Node, as on a host that offers only that version.
    const env = { ...cleanEnvironment({ DB_PATH: join(tempDir(), 'never.sqlite') }), PATH: `${dirname(OLD_NODE)}:${process.env.PATH}` };
    const result = spawnSync('npm', ['run', '--silent', name], { cwd: APP_ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr.split('\n').filter((line) => line.startsWith('Filamenta needs Node.js'))).toEqual([VERSION_LINE]);
    expect(result.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|Segmentation fault|\n\s+at /);
    expect(result.status).not.toBe(0);
  });
});

describe('npm start', () => {
  it('stops the server, draining it, when npm receives SIGTERM: the process exits and the port is free', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: APP_ROOT,
      env: cleanEnvironment({ HOST: '127.0.0.1', PORT: String(port), DB_PATH: join(tempDir(), 'app.sqlite') }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that whatever is left can be removed after; the signal goes to npm only.
      detached: true,
    });
    let output = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => npm.once('close', (code) => resolve(code)));
    try {
      await pollUntil(
        async () => ((await httpRequest(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200 ? true : undefined),
        {
          timeoutMs: 20_000,
          intervalMs: 100,
          what: `npm start to serve\n${output}`,
        },
      );
      npm.kill('SIGTERM');
      const stopped = await Promise.race([exited, sleep(15_000, 'still running' as const)]);
      expect(stopped, `npm start after SIGTERM\n${output}`).toBe(0);
      expect(output).toContain('"msg":"shutdown complete"');
      expect(await connectionRefused(port)).toBe(true);
    } finally {
      try {
        process.kill(-(npm.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
