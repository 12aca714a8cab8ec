/**
 * adapters/metrics-cluster.js on a real node:cluster server (test/fixtures/metrics-cluster.ts): two
 * workers share the port, and the /metrics any of them answers holds the requests of both, summed
 * by the primary; without the primary's answer, a scrape is a 503 problem, not a partial count.
 */
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { APP_ROOT } from '#test/support/child.ts';
import { cleanEnvironment, freePort, httpRequest, killLeftovers, pollUntil, TestProcess } from '#test/support/process.ts';
import { prometheusProblem, promtoolCheckMetrics, sampleOf } from '#test/support/prometheus.ts';

const TOKEN = 'cluster-metrics-token-0123456789';
const REQUESTS = 10;

afterEach(killLeftovers);

async function startCluster(extra: Record<string, string> = {}): Promise<{ proc: TestProcess; url: string }> {
  const port = await freePort();
  const proc = new TestProcess(
    [join(APP_ROOT, 'test/fixtures/metrics-cluster.ts')],
    cleanEnvironment({
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DB_TYPE: 'sqlite',
      DB_PATH: ':memory:',
      METRICS_ENABLED: 'true',
      METRICS_TOKEN: TOKEN,
      WORKERS: '2',
      ...extra,
    }),
  );
  await pollUntil(() => (proc.logs.filter((line) => line.msg.startsWith('Filamenta listening on')).length === 2 ? true : undefined), {
    timeoutMs: 30_000,
    what: 'both workers to listen',
    stopIf: () => (proc.exited ? `the cluster exited\n${proc.describe()}` : undefined),
  });
  return { proc, url: `http://127.0.0.1:${port}` };
}

const scrape = (url: string) => httpRequest(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });

describe('/metrics under node:cluster', () => {
  it('answers the requests of both workers, summed, whichever worker serves the scrape', async () => {
    const { proc, url } = await startCluster();
    // Each on a connection of its own: the primary hands connections to the workers in turn.
    for (let i = 0; i < REQUESTS; i++) expect((await httpRequest(`${url}/`, { headers: { connection: 'close' } })).status).toBe(200);
    const pids = new Set(proc.logs.filter((line) => line.msg.startsWith('Filamenta listening on')).map((line) => line.pid));
    expect(pids.size).toBe(2);

    for (let i = 0; i < 2; i++) {
      const res = await scrape(url);
      expect(res.status, res.body).toBe(200);
      // One worker alone would count about half of them.
      expect(sampleOf(res.body, 'http_request_duration_seconds_count', { method: 'GET', route: '/', status_code: '200' })).toBe(REQUESTS);
      // Two processes' worth of heap, and one series per metric: summed, not listed side by side.
      expect(res.body.match(/^nodejs_heap_size_used_bytes /gm)).toHaveLength(1);
    }
    if (!prometheusProblem()) expect((await promtoolCheckMetrics((await scrape(url)).body)).problems).toEqual([]);
  });

  it('answers 503 when the primary does not collect the workers’ metrics', async () => {
    const { url } = await startCluster({ FIXTURE_ANSWER: 'false' });
    const res = await scrape(url);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ status: 503, detail: 'The metrics could not be collected; try again' });
  });
});
