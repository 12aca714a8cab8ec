/**
 * /metrics as Prometheus meets it: `node adapters/node.js` in production on PostgreSQL, the token
 * from METRICS_TOKEN_FILE, scraped every second by a real Prometheus (Debian's package) with the
 * token from its credentials file; its query API then has the request counts under the route
 * template. A Prometheus with a wrong token sees the target down with the 401.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { provisionDatabase, type ProvisionedDb } from '#test/support/databases.ts';
import { describeNeeding } from '#test/support/needs.ts';
import { httpRequest, killLeftovers, pollUntil, type RunningAdapter, startNodeAdapter } from '#test/support/process.ts';
import { prometheusProblem, startPrometheus, type TestPrometheus } from '#test/support/prometheus.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const TOKEN = 'scrape-token-5d1c0e7a9b3f42c8';
const problem = prometheusProblem();

describeNeeding(problem, 'Prometheus')('a real Prometheus scraping /metrics', () => {
  let dir: string;
  let db: ProvisionedDb;
  let server: RunningAdapter;
  let prometheus: TestPrometheus;
  let wrong: TestPrometheus;

  beforeAll(async () => {
    if (problem) throw new Error(problem);
    dir = mkdtempSync(join(tmpdir(), 'filamenta-metrics-'));
    writeFileSync(join(dir, 'metrics_token'), `${TOKEN}\n`, { mode: 0o600 });
    db = await provisionDatabase('postgresql');
    server = await startNodeAdapter({
      ...db.env,
      NODE_ENV: 'production',
      SECRET_KEY,
      MIGRATE_ON_START: 'true',
      BASE_PATH: '/cms',
      METRICS_ENABLED: 'true',
      METRICS_TOKEN_FILE: join(dir, 'metrics_token'),
    });
    await pollUntil(() => httpRequest(`${server.url}/cms/health/ready`).then((res) => (res.status === 200 ? true : undefined)), {
      timeoutMs: 30_000,
      what: 'the server to be ready',
    });
    [prometheus, wrong] = await Promise.all([
      startPrometheus({ target: `${server.url}/cms/metrics`, token: TOKEN }),
      startPrometheus({ target: `${server.url}/cms/metrics`, token: 'not-the-scrape-token', job: 'wrong-token' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), wrong?.stop()]);
    await killLeftovers();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes with the bearer token and answers the request counts by route template', async () => {
    const up = await prometheus.waitForTarget('up', 20_000);
    expect(up).toMatchObject({ health: 'up', lastError: '', scrapeUrl: `${server.url}/cms/metrics` });
    for (const slug of ['hello-world', 'another-post', 'hello-world'])
      expect((await httpRequest(`${server.url}/cms/api/v1/content/${slug}`)).status).toBe(404);

    const query = 'http_request_duration_seconds_count{route="/api/v1/content/{id}"}';
    const samples = await pollUntil(
      async () => {
        const found = await prometheus.query(query);
        return found.length && found[0].value >= 3 ? found : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: `${query} to reach 3` },
    );
    expect(samples).toEqual([
      {
        metric: {
          __name__: 'http_request_duration_seconds_count',
          instance: new URL(server.url).host,
          job: 'filamenta',
          method: 'GET',
          route: '/api/v1/content/{id}',
          status_code: '404',
        },
        value: 3,
      },
    ]);
    // No series carries a raw path.
    const routes = await prometheus.query('count by (route) (http_request_duration_seconds_count)');
    expect(routes.map((s) => s.metric.route).filter((r) => /hello|another/.test(r))).toEqual([]);
    // Its own scrapes are among the requests, and the pool is read at each one.
    expect(
      (await prometheus.waitForSamples('http_request_duration_seconds_count{route="/metrics", status_code="200"}'))[0].value,
    ).toBeGreaterThan(0);
    expect((await prometheus.query('db_pool_connections_idle{pool="primary"}')).length).toBe(1);
  });

  it('with a wrong token, the target is down with the 401 and the failed scrapes are counted', async () => {
    const down = await wrong.waitForTarget('down', 20_000);
    expect(down.lastError).toMatch(/401/);
    const [unauthorized] = await prometheus.waitForSamples(
      'http_request_duration_seconds_count{route="/metrics", status_code="401"}',
      20_000,
    );
    expect(unauthorized.value).toBeGreaterThanOrEqual(1);
  });
});
