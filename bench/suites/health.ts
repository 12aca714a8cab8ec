/**
 * Suite `health`: cold start (spawn to the first 200 from /health/ready) of the sources, the bundle
 * and the bare server, then /health and /health/ready under load, beside the bare server and the
 * bare server sending the app's headers (what those bytes cost, apart from the framework). On the
 * first database, GET / at LOG_LEVEL=warn and =info (one JSON line per request).
 */
import { AIMS } from '../aims.ts';
import { selected } from '../options.ts';
import { median, type Row } from '../report.ts';
import { startServer, stopServer } from '../servers.ts';
import { compare, loadRows, measure, type Measured, type Suite, type SuiteContext } from '../suite.ts';
import { spec, type Variant } from '../variants.ts';

const VARIANTS: Variant[] = ['sources', 'bundle', 'bare', ...(process.env.BENCH_BASELINE ? (['baseline'] as const) : [])];
const PROBES = [
  { path: '/health', aim: AIMS.health },
  { path: '/health/ready', aim: AIMS.ready },
] as const;

/** Median spawn-to-ready per variant, alternating, after an untimed start each (page cache, compile cache). */
async function coldStarts({ db, options }: SuiteContext) {
  const cpus = options.pin?.server;
  for (const v of VARIANTS) await stopServer(await startServer(spec(v, db, { cpus })));
  const runs: Record<Variant, number[]> = { sources: [], bundle: [], bare: [], baseline: [] };
  for (let i = 0; i < options.coldRuns; i++) {
    for (const v of VARIANTS) {
      const server = await startServer(spec(v, db, { cpus }));
      runs[v].push(Math.round(server.readyMs * 10) / 10);
      await stopServer(server);
    }
  }
  const medians = { sources: median(runs.sources), bundle: median(runs.bundle), bare: median(runs.bare) };
  return { median: { ...medians, baseline: runs.baseline.length ? median(runs.baseline) : undefined }, runs };
}

async function run(context: SuiteContext) {
  const { type, options } = context;
  const rows: Row[] = [];
  let cold: Awaited<ReturnType<typeof coldStarts>> | undefined;
  if (selected(options, 'cold start')) {
    console.log(`\n[${type}] cold start: ${options.coldRuns} runs each of ${VARIANTS.join(', ')}`);
    cold = await coldStarts(context);
    rows.push(
      { database: type, metric: 'cold start, sources', app: cold.median.sources, bare: cold.median.bare, unit: 'ms' },
      {
        database: type,
        metric: 'cold start, bundle',
        app: cold.median.bundle,
        bare: cold.median.bare,
        unit: 'ms',
        aim: AIMS.bundleColdStart,
      },
      ...(cold.median.baseline === undefined
        ? []
        : [
            {
              database: type,
              metric: 'cold start, bundle before',
              app: cold.median.baseline,
              bare: cold.median.bare,
              unit: 'ms',
              aim: AIMS.bundleColdStart,
            },
          ]),
    );
  }
  const { app, bare, baseline } = await context.servers();
  const bareWithHeaders = await context.start('bare', { env: { BARE_HEADERS: '1' }, label: 'headers' });

  const load: Record<string, Record<'app' | 'bare' | 'bareWithHeaders', Measured> & { baseline?: Measured }> = {};
  for (const { path, aim } of PROBES.filter((p) => selected(options, p.path))) {
    const r = await compare<'app' | 'bare' | 'bareWithHeaders'>(context, { app, bare, bareWithHeaders, baseline }, { label: path, path });
    load[path] = r;
    rows.push(...loadRows(type, path, r, aim));
    rows.push({
      database: type,
      metric: `${path} req/s, bare sends the same headers`,
      app: r.app.rps,
      bare: r.bareWithHeaders.rps,
      unit: '/s',
    });
  }

  const notes: string[] = [];
  let infoLogging: { warn: Measured; info: Measured } | undefined;
  if (context.first && selected(options, 'GET / logging')) {
    console.log(`[${type}] wrk / with LOG_LEVEL=warn, then info`);
    const warn = await measure(app, { label: '/', path: '/' }, options);
    const verbose = await context.start('bundle', { env: { LOG_LEVEL: 'info' }, label: 'LOG_LEVEL=info' });
    const info = await measure(verbose, { label: '/', path: '/' }, options);
    infoLogging = { warn, info };
    notes.push(
      `[${type}] GET / on the bundle: ${Math.round(warn.rps)} req/s at LOG_LEVEL=warn, ${Math.round(info.rps)} req/s at info ` +
        `(${(info.rps / warn.rps).toFixed(2)}x; one JSON line per request)`,
    );
  }
  return { rows, raw: { coldStartMs: cold, load, infoLogging }, notes };
}

export const healthSuite: Suite = { name: 'health', run };
