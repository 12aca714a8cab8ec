/**
 * The console's build: console/src/main.tsx -> dist/console/, with esbuild.
 *
 *   dist/console/index.html            names the entry script, stylesheet and preloads (the server adds <base>)
 *   dist/console/manifest.json         what was built: every file with its sizes, and the first load
 *   dist/console/assets/<name>-<hash>  immutable files (scripts, one stylesheet, images), each with a
 *                                      .gz and a .br copy when compressing saves bytes
 *
 * Pages are lazy chunks (`import()` in console/src/routes.ts). A build writes its assets beside the
 * previous build's (hashed names never collide), then swaps index.html and manifest.json in by
 * rename, and finally removes the files neither build names: a tab opened before a rebuild can still
 * load its chunks. Run by `npm run build`, `npm run console:build`, `npm start` (when missing or
 * stale), package:cpanel and the tests' global setup.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import type { BuildOptions, Metafile } from 'esbuild';

export const APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the sources are and where the build goes, relative to an app root. */
export const CONSOLE_SOURCES = 'console';
export const CONSOLE_OUT = join('dist', 'console');
/** The page the first load shows (a person who is not signed in lands on it). */
const FIRST_PAGE = 'console/src/pages/sign-in.tsx';
const ICON = 'console/src/icon.svg';
/** The first load's budget, gzipped: scripts and styles of the sign-in page. */
export const FIRST_LOAD_BUDGET = 150 * 1024;

export interface ConsoleFile {
  bytes: number;
  gzip?: number;
  br?: number;
}

export interface ConsoleManifest {
  /** The entry script, the stylesheet, and the chunks the entry imports statically (preloaded). */
  entry: string;
  /** The icon (console/src/icon.svg), linked as the page's favicon. */
  icon: string;
  styles: string[];
  preload: string[];
  /** Every asset of this build, by path below dist/console/. */
  files: Record<string, ConsoleFile>;
  /** The scripts and styles the sign-in page needs, and their total sizes. */
  firstLoad: { files: string[]; bytes: number; gzip: number };
}

const TYPES_COMPRESSED = /\.(js|css|svg|json|html)$/;

/** esbuild's options for the console; `outdir` is the assets folder. */
export function consoleBuildOptions(root: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: { main: join(CONSOLE_SOURCES, 'src', 'main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    // Browsers of the last few years: native modules, optional chaining, top-level await, <dialog>.
    target: ['chrome111', 'firefox115', 'safari16.4', 'edge111'],
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.svg': 'file' },
    minify: true,
    legalComments: 'none',
    metafile: true,
    write: true,
    logLevel: 'warning',
    tsconfig: join(CONSOLE_SOURCES, 'tsconfig.json'),
  };
}

/**
 * Builds the console of the app in `root` into `<root>/dist/console`. Returns the manifest.
 * Throws when esbuild is not installed (a production install) or the sources are missing.
 */
export async function buildConsole(root = APP_ROOT): Promise<ConsoleManifest> {
  const { build } = await import('esbuild');
  const out = join(root, CONSOLE_OUT);
  const assets = join(out, 'assets');
  mkdirSync(assets, { recursive: true });
  const previous = readManifest(root);
  const result = await build(consoleBuildOptions(root, assets));
  const manifest = describe(result.metafile as Metafile, root, out);
  for (const [file, info] of Object.entries(manifest.files)) compress(join(out, file), info);
  manifest.firstLoad = firstLoad(manifest, result.metafile as Metafile, root, out);

  const template = readFileSync(join(root, CONSOLE_SOURCES, 'index.html'), 'utf8');
  writeAtomically(join(out, 'index.html'), indexHtml(template, manifest));
  writeAtomically(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  removeUnnamed(out, new Set([...Object.keys(manifest.files), ...Object.keys(previous?.files ?? {})]));
  return manifest;
}

/** The manifest of the last build in `root`, or undefined when there is none. */
export function readManifest(root = APP_ROOT): ConsoleManifest | undefined {
  const file = join(root, CONSOLE_OUT, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConsoleManifest;
  } catch {
    return undefined;
  }
}

/** True when a build exists and no file under console/ (or the lockfile) is newer than it. */
export function consoleBuildIsCurrent(root = APP_ROOT): boolean {
  const manifest = join(root, CONSOLE_OUT, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const built = statSync(manifest).mtimeMs;
  const newer = (path: string): boolean => {
    const stat = statSync(path);
    if (stat.isDirectory()) return readdirSync(path).some((name) => newer(join(path, name)));
    return stat.mtimeMs > built;
  };
  const lock = join(root, 'package-lock.json');
  return !newer(join(root, CONSOLE_SOURCES)) && !(existsSync(lock) && newer(lock));
}

function describe(meta: Metafile, root: string, out: string): ConsoleManifest {
  const files: Record<string, ConsoleFile> = {};
  let entry = '';
  let icon = '';
  const styles: string[] = [];
  for (const [path, output] of Object.entries(meta.outputs)) {
    const file = relative(out, resolve(root, path)).split('\\').join('/');
    files[file] = { bytes: output.bytes };
    if (output.entryPoint === join(CONSOLE_SOURCES, 'src', 'main.tsx') && file.endsWith('.js')) entry = file;
    if (file.endsWith('.css')) styles.push(file);
    if (file.endsWith('.svg') && Object.hasOwn(output.inputs, ICON)) icon = file;
  }
  if (!entry) throw new Error('the console build produced no entry script');
  if (!icon) throw new Error(`the console build produced no ${ICON}`);
  const preload = staticImports(meta, root, out, entry).filter((f) => f !== entry);
  return { entry, icon, styles, preload, files, firstLoad: { files: [], bytes: 0, gzip: 0 } };
}

/** `file` and every chunk it imports statically, transitively (paths below dist/console/). */
function staticImports(meta: Metafile, root: string, out: string, file: string): string[] {
  const toMeta = (f: string) => relative(root, join(out, f)).split('\\').join('/');
  const fromMeta = (p: string) => relative(out, resolve(root, p)).split('\\').join('/');
  const seen = new Set<string>([toMeta(file)]);
  for (const path of seen) for (const i of meta.outputs[path]?.imports ?? []) if (i.kind === 'import-statement') seen.add(i.path);
  return [...seen].map(fromMeta);
}

/** The entry, its static imports, the styles, and the sign-in page's chunk with its own static imports. */
function firstLoad(manifest: ConsoleManifest, meta: Metafile, root: string, out: string): ConsoleManifest['firstLoad'] {
  const page = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === FIRST_PAGE)?.[0];
  if (!page) throw new Error(`the console build has no chunk for ${FIRST_PAGE}`);
  const pageFile = relative(out, resolve(root, page)).split('\\').join('/');
  const files = [
    ...new Set([...staticImports(meta, root, out, manifest.entry), ...manifest.styles, ...staticImports(meta, root, out, pageFile)]),
  ];
  const sum = (pick: (f: ConsoleFile) => number) => files.reduce((total, f) => total + pick(manifest.files[f]), 0);
  return { files, bytes: sum((f) => f.bytes), gzip: sum((f) => f.gzip ?? f.bytes) };
}

/** Writes `<file>.gz` and `<file>.br` when they are smaller, and records their sizes. */
function compress(path: string, info: ConsoleFile): void {
  if (!TYPES_COMPRESSED.test(path)) return;
  const raw = readFileSync(path);
  const gzip = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  if (gzip.length < raw.length) {
    writeFileSync(`${path}.gz`, gzip);
    info.gzip = gzip.length;
  }
  if (br.length < raw.length) {
    writeFileSync(`${path}.br`, br);
    info.br = br.length;
  }
}

/** index.html: the template's `<!-- assets -->` marker replaced by the stylesheet, preloads and entry. */
export function indexHtml(template: string, manifest: Pick<ConsoleManifest, 'entry' | 'icon' | 'styles' | 'preload'>): string {
  if (!template.includes('<!-- assets -->')) throw new Error('console/index.html has no <!-- assets --> marker');
  const tags = [
    `<link rel="icon" type="image/svg+xml" href="${manifest.icon}">`,
    ...manifest.styles.map((f) => `<link rel="stylesheet" href="${f}">`),
    ...manifest.preload.map((f) => `<link rel="modulepreload" href="${f}">`),
    `<script type="module" src="${manifest.entry}"></script>`,
  ];
  return template.replace('<!-- assets -->', tags.join('\n'));
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Removes the assets (and their compressed copies) that neither `keep` names. */
function removeUnnamed(out: string, keep: Set<string>): void {
  const dir = join(out, 'assets');
  for (const name of readdirSync(dir)) {
    const file = `assets/${name}`.replace(/\.(gz|br)$/, '');
    if (!keep.has(file)) rmSync(join(dir, name), { force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** One line for the build's output: the first load against its budget. */
export function describeBuild(manifest: ConsoleManifest, root = APP_ROOT): string {
  const { firstLoad: first } = manifest;
  const within = first.gzip <= FIRST_LOAD_BUDGET ? 'within' : 'OVER';
  const count = Object.keys(manifest.files).length;
  return `${relative(process.cwd(), join(root, CONSOLE_OUT)) || CONSOLE_OUT}: ${count} files; first load (sign-in page) ${kib(first.bytes)}, ${kib(first.gzip)} gzipped, ${within} the ${kib(FIRST_LOAD_BUDGET)} budget`;
}

if (import.meta.main) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && consoleBuildIsCurrent()) process.exit(0);
  try {
    const manifest = await buildConsole();
    console.log(describeBuild(manifest));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /esbuild/.test(String(error));
    const reason = missing
      ? 'esbuild is not installed (a production install leaves development dependencies out): run npm install, or ship a built dist/console/'
      : String((error as Error).stack ?? error);
    process.stderr.write(`console: could not build dist/console/: ${reason}\n`);
    // npm start carries on without a console (the server then says it is missing); a build fails.
    process.exit(ifStale ? 0 : 1);
  }
}
