/**
 * Preload (`node --import ./test/support/unloadable-better-sqlite3.ts ...`) that leaves
 * better-sqlite3 installed but its native addon unloadable, as on a host whose prebuilt binary
 * is for another platform or was truncated: Node's module resolution hook points the addon at a
 * file that is not a shared object, and the real loader's dlopen() fails on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const folder = mkdtempSync(join(tmpdir(), 'filamenta-broken-addon-'));
const broken = pathToFileURL(join(folder, 'better_sqlite3.node')).href;
writeFileSync(join(folder, 'better_sqlite3.node'), 'not a shared object\n');
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    return /\/better-sqlite3\/(prebuilds|build)\/.+\.node$/.test(resolved.url) ? { ...resolved, url: broken } : resolved;
  },
});
