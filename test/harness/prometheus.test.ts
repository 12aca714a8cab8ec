/**
 * The Prometheus harness (test/support/prometheus.ts) against a tiny HTTP server in the test that
 * serves what prom-client produces behind a bearer token, as the app's /metrics will: promtool
 * reads the body, a real Prometheus scrapes it with the token from a credentials file and
 * answers queries on what it scraped, and a wrong token leaves the target down with the 401.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeNeeding } from '../support/needs.ts';
import type { TestPrometheus } from '../support/prometheus.ts';
import { prometheusProblem, promtoolCheckMetrics, startPrometheus } from '../support/prometheus.ts';

const TOKEN = 'metrics-token-0123456789';
const problem = prometheusProblem();

/** A registry shaped like the app's: a request histogram with the route template, and a counter. */
function appRegistry(): { registry: Registry; histogram: Histogram; counter: Counter } {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const counter = new Counter({ name: 'harness_scrapes_total', help: 'Scrapes served', registers: [registry] });
  return { registry, histogram, counter };
}

interface MetricsServer {
  url: string;
  /** The headers of every request it received. */
  seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

async function serveMetrics(registry: Registry, counter: Counter): Promise<MetricsServer> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    counter.inc();
    void registry.metrics().then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeNeeding(problem, 'Prometheus')('Prometheus harness', () => {
  const { registry, histogram, counter } = appRegistry();
  let target: MetricsServer;
  let right: TestPrometheus;
  let wrong: TestPrometheus;

  beforeAll(async () => {
    if (problem) throw new Error(problem);
    histogram.observe({ method: 'GET', route: '/api/v1/content/:idOrSlug', status_code: '200' }, 0.012);
    histogram.observe({ method: 'GET', route: '/api/v1/content/:idOrSlug', status_code: '200' }, 0.3);
    target = await serveMetrics(registry, counter);
    [right, wrong] = await Promise.all([
      startPrometheus({ target: target.url, token: TOKEN }),
      startPrometheus({ target: target.url, token: 'not-the-token', job: 'wrong-token' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([right?.stop(), wrong?.stop()]);
    await target?.close();
  });

  it('promtool accepts what prom-client writes for the app’s metrics', async () => {
    const result = await promtoolCheckMetrics(await registry.metrics());
    expect(result).toEqual({ code: 0, problems: [], output: '' });
  });

  it('promtool reports lint problems and parse errors (the check can fail)', async () => {
    const lint = await promtoolCheckMetrics('# HELP jobs Jobs done\n# TYPE jobs counter\njobs 1\n');
    expect(lint.code).toBe(3);
    expect(lint.problems).toEqual(['jobs counter metrics should have "_total" suffix']);
    const broken = await promtoolCheckMetrics('jobs_total one\n');
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/parsing error/);
  });

  it('promtool flags three of prom-client’s default gauges, which end in _total', async () => {
    // What the app's /metrics will meet if it exposes prom-client's process defaults as they are.
    const defaults = new Registry();
    collectDefaultMetrics({ register: defaults });
    const result = await promtoolCheckMetrics(await defaults.metrics());
    expect(result.code).toBe(3);
    expect(result.problems.sort()).toEqual(
      ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'].map(
        (name) => `${name} non-counter metrics should not have "_total" suffix`,
      ),
    );
  });

  it('scrapes the target with the bearer token from its credentials file, every second', async () => {
    const up = await right.waitForTarget('up');
    expect(up).toMatchObject({ scrapeUrl: target.url, health: 'up', lastError: '' });
    expect(up.labels).toMatchObject({ job: 'filamenta' });
    expect(target.seen.map((headers) => headers.authorization)).toContain(`Bearer ${TOKEN}`);
    // Two scrapes at least, a second apart, before the counter reads 2 or more.
    const [scrapes] = await right.waitForSamples('harness_scrapes_total >= 2');
    expect(scrapes.value).toBeGreaterThanOrEqual(2);
  });

  it('answers instant queries on what it scraped, labels included', async () => {
    const samples = await right.waitForSamples('http_request_duration_seconds_count');
    expect(samples).toEqual([
      {
        metric: {
          __name__: 'http_request_duration_seconds_count',
          instance: new URL(target.url).host,
          job: 'filamenta',
          method: 'GET',
          route: '/api/v1/content/:idOrSlug',
          status_code: '200',
        },
        value: 2,
      },
    ]);
    const [fast] = await right.query('http_request_duration_seconds_bucket{le="0.025"}');
    expect(fast.value).toBe(1);
  });

  it('with a wrong token the target is down and its last error is the 401', async () => {
    const down = await wrong.waitForTarget('down');
    expect(down.lastError).toMatch(/401/);
    expect(down.labels).toMatchObject({ job: 'wrong-token' });
    expect(target.seen.map((headers) => headers.authorization)).toContain('Bearer not-the-token');
    expect(await wrong.query('up')).toEqual([
      { metric: { __name__: 'up', instance: new URL(target.url).host, job: 'wrong-token' }, value: 0 },
    ]);
  });
});
