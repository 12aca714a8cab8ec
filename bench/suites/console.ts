/**
 * Suite `console`: what the console costs a person opening it, measured once (on the first
 * database; the console's pages do not touch the database until one signs in).
 * - First load: the scripts and styles of the sign-in page, from the manifest `npm run build` wrote
 *   (console/build.ts): raw, gzipped and brotli as the app serves them, against the 150 KiB budget.
 * - Time to an interactive sign-in page in Chromium (/usr/bin/chromium, playwright-core), served by
 *   the run's bundle: from the navigation's start to the frame where the sign-in form's button is
 *   there and enabled, read inside the page. Cold: a fresh browser context, nothing cached; warm: a
 *   reload, the immutable assets from the cache. Medians of BENCH_COLD_RUNS.
 * No bare baseline: the figures are notes under the table, and in the JSON.
 */
import { type ConsoleManifest, FIRST_LOAD_BUDGET, readManifest } from '../../console/build.ts';
import { launchChromium } from '../../test/support/chromium.ts';
import { median } from '../report.ts';
import type { Suite, SuiteContext } from '../suite.ts';
import { ROOT } from '../variants.ts';

/**
 * Run inside the page (passed as a function: a string would be eval, which the console's CSP
 * refuses): performance.now() at the first frame the sign-in button is there and enabled.
 */
function ready(): number | false {
  const page = globalThis as unknown as { document: { querySelector(selector: string): { disabled: boolean } | null } };
  const button = page.document.querySelector('main form button[type=submit]');
  return button && !button.disabled ? performance.now() : false;
}

function firstLoad(manifest: ConsoleManifest) {
  const files = manifest.firstLoad.files.map((f) => manifest.files[f]);
  return {
    files: files.length,
    bytes: manifest.firstLoad.bytes,
    gzip: manifest.firstLoad.gzip,
    br: files.reduce((sum, f) => sum + (f.br ?? f.bytes), 0),
    budget: FIRST_LOAD_BUDGET,
  };
}

/** Cold and warm times to an interactive page at `url`, `runs` of each. */
async function interactive(url: string, runs: number) {
  const browser = await launchChromium();
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      cold.push(Number(await (await page.waitForFunction(ready, undefined, { polling: 'raf' })).jsonValue()));
      await page.reload({ waitUntil: 'commit' });
      warm.push(Number(await (await page.waitForFunction(ready, undefined, { polling: 'raf' })).jsonValue()));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { cold: median(cold), warm: median(warm), coldRuns: cold, warmRuns: warm };
}

async function run(context: SuiteContext) {
  if (!context.first) return { rows: [], raw: 'measured on the first database' };
  const manifest = readManifest(ROOT);
  if (!manifest) throw new Error('dist/console/manifest.json is missing: npm run build builds the console');
  const { app } = await context.servers();
  console.log(`\n[${context.type}] the console: first load, and ${context.options.coldRuns} cold and warm sign-in pages in Chromium`);
  const sizes = firstLoad(manifest);
  const times = await interactive(`${app.url}/admin/sign-in`, context.options.coldRuns);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return {
    rows: [],
    raw: { firstLoad: sizes, interactiveMs: times },
    notes: [
      `console: first load of the sign-in page, ${sizes.files} files: ${kib(sizes.bytes)}, ${kib(sizes.gzip)} gzip, ` +
        `${kib(sizes.br)} brotli (budget ${kib(sizes.budget)} gzip); interactive in Chromium ${times.cold.toFixed(0)} ms cold, ` +
        `${times.warm.toFixed(0)} ms warm (medians of ${times.coldRuns.length})`,
    ],
  };
}

export const consoleSuite: Suite = { name: 'console', run };
