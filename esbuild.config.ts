/**
 * `npm run build`: self-contained ESM bundles of the adapters in dist/ (only better-sqlite3, a
 * native addon, is still loaded from node_modules), then the console in dist/console/
 * (console/build.ts), which every deployment ships beside the bundles.
 *
 * Every output file sits directly in dist/, one folder below the app root as src/ is, so
 * src/config.ts's `new URL('..', import.meta.url)` still finds the app root (its .env and data/)
 * whichever file the code ends up in. Code splitting keeps each driver in its own chunk, so a
 * server on SQLite never parses pg or mysql2.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

import { buildConsole, describeBuild } from './console/build.ts';
import { loadDocsAssets } from './src/http/docs-assets.ts';

/** Adapter source -> bundle name in dist/. One line per runtime; sources not written yet are skipped. */
const ENTRIES: Record<string, string> = {
  'adapters/node.js': 'node',
  'adapters/passenger.cjs': 'passenger',
  'adapters/container.js': 'container',
  'adapters/lambda.js': 'lambda',
};

const OUT_DIR = 'dist';

/**
 * Loaded at run time, not bundled: the native addon (better-sqlite3, which falls back to
 * node:sqlite), and packages this app never uses whose optional `import()`s or `require()`s
 * MikroORM, pg, mysql2 and pino keep in try/catch.
 */
const EXTERNAL = [
  'better-sqlite3',
  'pg-native',
  'mongodb',
  'tedious',
  'mssql',
  'oracledb',
  'libsql',
  '@libsql/*',
  '@mikro-orm/mongodb',
  '@mikro-orm/mssql',
  '@mikro-orm/libsql',
  '@mikro-orm/oracledb',
  '@mikro-orm/migrations-mongodb',
  '@mikro-orm/entity-generator',
  '@mikro-orm/seeder',
  '@mikro-orm/cli',
  '@mikro-orm/reflection',
  'dataloader',
  'pino-pretty',
];

/** ESM output has no `require`; the CommonJS dependencies (pg, mysql2, pino) call it. */
const BANNER = "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);";

/**
 * MikroORM's fs-utils import tinyglobby when the ORM starts and fall back to node:fs globSync when
 * it is missing. The app lists entities and migrations explicitly, so the glob is never used:
 * leaving tinyglobby (with fdir and picomatch) out saves parsing it at every start.
 */
const withoutTinyglobby: Plugin = {
  name: 'without-tinyglobby',
  setup(b) {
    b.onResolve({ filter: /^tinyglobby$/ }, () => ({ path: 'tinyglobby', namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: "throw new Error('tinyglobby is left out of the bundle; MikroORM uses node:fs globSync');",
      loader: 'js',
    }));
  },
};

/**
 * zod re-exports every one of its ~50 message locales as `z.locales` (about 500 KiB of the 800 KiB it
 * adds at start); a namespace export is never tree-shaken. The app keeps zod's default English
 * messages and never reads `z.locales`, so the bundle's locale index holds English alone (the
 * sources, run by Node, keep all of them).
 */
const onlyEnglishZodLocale: Plugin = {
  name: 'only-english-zod-locale',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, ({ path }) => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
      resolveDir: dirname(path),
    }));
  },
};

/**
 * MikroORM tells classes apart by name: it looks up extensions as `ext.name === 'Migrator'`, entity
 * schemas and routines by `constructor.name`, a custom type's column type by its class name. esbuild
 * turns self-referencing classes into `var Migrator = class _Migrator`, so MikroORM would import a
 * second copy of itself from node_modules at every start. esbuild's `keepNames` fixes that for every
 * function too, and costs about 10 us per request (closures named on every call); this restores the
 * names of MikroORM's top-level classes only.
 */
const keepMikroOrmClassNames: Plugin = {
  name: 'keep-mikro-orm-class-names',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@mikro-orm[\\/].*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const names = [...source.matchAll(/^(?:export )?(?:default )?class (\w+)/gm)].map((m) => m[1]);
      if (!names.length) return undefined;
      // `typeof` keeps a false match (a line of a template string) harmless.
      const restore = names.map((n) => `if (typeof ${n} === 'function') Object.defineProperty(${n}, 'name', { value: '${n}' });`);
      return { contents: `${source}\n${restore.join('\n')}\n`, loader: 'js' };
    });
  },
};

/**
 * The API reference's Swagger UI files, read from node_modules in the sources, are carried inline
 * in the bundles (a lazy chunk, parsed only when /api/v1/docs asks for them): the Lambda zip and a
 * cPanel upload of dist/ have no node_modules.
 */
const embedDocsAssets: Plugin = {
  name: 'embed-docs-assets',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]http[\\/]docs-assets\.ts$/ }, async () => {
      const assets = await loadDocsAssets();
      const contents = [
        `export const DOCS_ASSET_FILES = ${JSON.stringify(Object.keys(assets))};`,
        `const ASSETS = ${JSON.stringify(assets)};`,
        'export async function loadDocsAssets() { return ASSETS; }',
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

const OPTIONS: BuildOptions = {
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outdir: OUT_DIR,
  outExtension: { '.js': '.mjs' },
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  legalComments: 'none',
  // Whitespace and comments out, syntax shortened, names kept (stack traces stay readable without
  // the source maps): about 40% fewer bytes for every start to read, decode and compile.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  banner: { js: BANNER },
  external: EXTERNAL,
  plugins: [keepMikroOrmClassNames, withoutTinyglobby, embedDocsAssets, onlyEnglishZodLocale],
  metafile: true,
  logLevel: 'warning',
};

const entries = Object.entries(ENTRIES).filter(([source]) => existsSync(source));

const started = performance.now();
rmSync(OUT_DIR, { recursive: true, force: true });
const { metafile } = await build({
  ...OPTIONS,
  entryPoints: Object.fromEntries(entries.map(([source, name]) => [`${name}.bundle`, source])),
});
// Passenger require()s its startup file: a CommonJS adapter gets a CommonJS launcher (dist/passenger.cjs).
for (const [source, name] of entries) {
  const commonJs = source.endsWith('.cjs');
  writeFileSync(join(OUT_DIR, `${name}.${commonJs ? 'cjs' : 'mjs'}`), launcher(`./${name}.bundle.mjs`, commonJs));
}
// Lambda imports dist/lambda.mjs and calls its `handler` export, so that launcher re-exports it.
if (entries.some(([, name]) => name === 'lambda')) {
  const lambdaLauncher = [
    '// Written by esbuild.config.ts: enable the compile cache, then load the handler Lambda calls.',
    "import module from 'node:module';",
    'module.enableCompileCache?.();',
    "export const { handler } = await import('./lambda.bundle.mjs');",
    '',
  ];
  writeFileSync(join(OUT_DIR, 'lambda.mjs'), lambdaLauncher.join('\n'));
}
requireAscii(metafile as Metafile);
printSizes(metafile as Metafile, new Set(entries.map(([source]) => source)));
console.log(describeBuild(await buildConsole(process.cwd())));
console.log(`built ${entries.length} bundle(s) and the console in ${Math.round(performance.now() - started)} ms`);

/**
 * `dist/<name>.mjs` (`.cjs` for a CommonJS adapter) turns on Node's on-disk compile cache before it
 * loads the bundle, so a restart does not parse the megabytes of bundled code again (measured: about
 * 20 ms of a 140 ms start). The cache lives in NODE_COMPILE_CACHE or os.tmpdir()/node-compile-cache;
 * without it, nothing fails.
 */
function launcher(bundle: string, commonJs = false): string {
  return [
    '// Written by esbuild.config.ts: enable the compile cache, then start the bundle.',
    ...(commonJs
      ? ["require('node:module').enableCompileCache?.();", `import(${JSON.stringify(bundle)});`]
      : ["import module from 'node:module';", 'module.enableCompileCache?.();', `await import(${JSON.stringify(bundle)});`]),
    '',
  ].join('\n');
}

/**
 * V8 keeps a script with a single non-ASCII character as a two-byte string: twice the memory, and a
 * slower decode and compile at every start. esbuild escapes strings but not regular expression
 * literals, so one in the sources (or a package) would go unnoticed; the build refuses it instead.
 */
function requireAscii(meta: Metafile) {
  for (const file of Object.keys(meta.outputs).filter((f) => f.endsWith('.mjs'))) {
    const bytes = readFileSync(file);
    const at = bytes.findIndex((byte) => byte > 0x7f);
    if (at < 0) continue;
    const excerpt = bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8');
    throw new Error(
      `${file} holds a non-ASCII character near: ${excerpt}\nWrite it as \\u escapes (a regular expression: build it with new RegExp from a string).`,
    );
  }
}

/**
 * Each bundle with the bytes a start parses (itself, what it import()s at once after its Node
 * version check, and their static imports), then the lazy chunks.
 */
function printSizes(meta: Metafile, sources: Set<string>) {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`.padStart(9);
  const lazy = new Set(Object.keys(meta.outputs).filter((f) => f.endsWith('.mjs')));
  for (const [file, output] of Object.entries(meta.outputs)) {
    if (!output.entryPoint || !sources.has(output.entryPoint)) continue;
    const loaded = new Set<string>([file]);
    for (const f of loaded)
      for (const i of meta.outputs[f].imports)
        if ((i.kind === 'import-statement' || (f === file && i.kind === 'dynamic-import')) && meta.outputs[i.path]) loaded.add(i.path);
    for (const f of loaded) lazy.delete(f);
    const startBytes = [...loaded].reduce((sum, f) => sum + meta.outputs[f].bytes, 0);
    console.log(`${file.padEnd(22)} ${kib(output.bytes)}, ${kib(startBytes)} with the chunks it loads at start  <- ${output.entryPoint}`);
  }
  const lazyBytes = [...lazy].reduce((sum, f) => sum + meta.outputs[f].bytes, 0);
  const names = [...new Set([...lazy].map((f) => basename(f).replace(/-\w+\.mjs$/, '')))].join(', ');
  console.log(`${`${lazy.size} lazy chunks`.padEnd(22)} ${kib(lazyBytes)}  (${names})`);
}
