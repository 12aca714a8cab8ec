/**
 * npm run package:cpanel [-- --out path.tar.gz]
 * The archive to upload to a cPanel account (File Manager extracts .tar.gz): what the server runs
 * and what "Run NPM Install" needs, nothing else. No node_modules (cPanel installs them, for its own
 * Node and platform), no .git, tests, benchmarks, local data or `.env` (the secrets go in cPanel's
 * environment variables, or in a `.env` written on the server). dist/ goes in when it was built.
 * The console is built first into dist/console/ and always goes in: "Run NPM Install" leaves the
 * development packages out, so it could not be built on the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Top-level entries shipped when present; package.json, package-lock.json, src and adapters are required. */
const REQUIRED = ['package.json', 'package-lock.json', 'src', 'adapters'];
const OPTIONAL = ['scripts', 'dist', 'console', '.env.example', 'README.md', 'LICENSE', '.node-version'];
/** Never shipped, wherever they sit: local state and secrets. */
const NEVER = [/(^|\/)node_modules(\/|$)/, /(^|\/)\.env$/, /\.sqlite(-\w+)?$/, /(^|\/)\.DS_Store$/];

function listFiles(entry: string): string[] {
  const path = join(ROOT, entry);
  if (!statSync(path).isDirectory()) return [entry];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(ROOT, join(d.parentPath, d.name)).split('\\').join('/'));
}

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const out = resolve(values.out ?? join(ROOT, `${name}-${version}-cpanel.tar.gz`));

const missing = REQUIRED.filter((entry) => !existsSync(join(ROOT, entry)));
if (missing.length) {
  process.stderr.write(`package:cpanel: missing ${missing.join(', ')} in ${ROOT} (package-lock.json: run npm install once)\n`);
  process.exit(1);
}
await buildTheConsole();
const entries = [...REQUIRED, ...OPTIONAL.filter((entry) => existsSync(join(ROOT, entry)))];
const files = entries
  .flatMap(listFiles)
  .filter((file) => !NEVER.some((pattern) => pattern.test(file)))
  .sort();

const work = mkdtempSync(join(tmpdir(), 'filamenta-package-'));
try {
  const list = join(work, 'files.txt');
  writeFileSync(list, `${files.join('\n')}\n`);
  // -T reads the list (GNU tar and bsdtar alike); the archive holds the app root's content directly.
  const tar = spawnSync('tar', ['-czf', out, '-C', ROOT, '-T', list], { encoding: 'utf8' });
  if (tar.error || tar.status !== 0) {
    process.stderr.write(`package:cpanel: tar failed: ${tar.error?.message ?? tar.stderr}\n`);
    process.exit(1);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** dist/console/ from console/ (console/build.ts); without its sources, a console built before must be there. */
async function buildTheConsole(): Promise<void> {
  const built = existsSync(join(ROOT, 'dist', 'console', 'index.html'));
  if (!existsSync(join(ROOT, 'console', 'build.ts'))) {
    if (built) return;
    process.stderr.write(`package:cpanel: neither console/ nor a built dist/console/ in ${ROOT}\n`);
    process.exit(1);
  }
  try {
    const { buildConsole, describeBuild } = await import('../console/build.ts');
    console.log(describeBuild(await buildConsole(ROOT), ROOT));
  } catch (error) {
    process.stderr.write(`package:cpanel: could not build the console (npm install first): ${String(error)}\n`);
    process.exit(1);
  }
}

const kib = Math.round(statSync(out).size / 1024);
console.log(`${relative(process.cwd(), out) || out}: ${files.length} files, ${kib} KiB (${entries.join(', ')})`);
console.log('Upload it to the application root in cPanel File Manager, Extract, then "Run NPM Install" (docs/deploy/cpanel.md).');
