/**
 * GET <base>/metrics with METRICS_ENABLED, on every database: the Prometheus text of the app's own
 * registry behind the bearer token, requests counted under their route template (never the raw
 * path), queries and the pool measured, and `promtool check metrics` clean on the real output.
 * With metrics off, neither the route nor the middleware exists.
 */
import { describe, expect, it } from 'vitest';

import { UNMATCHED_ROUTE } from '#src/http/observe.ts';
import { useTestApp } from '#test/support/app.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { describeNeeding } from '#test/support/needs.ts';
import { prometheusProblem, promtoolCheckMetrics, sampleOf } from '#test/support/prometheus.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const METRICS_ENV = { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN, BODY_LIMIT: '64' };

const scrape = (app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, token = TOKEN) =>
  app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });

describeEachDatabase('GET /metrics', (type) => {
  const t = useTestApp(type, { env: METRICS_ENV });

  it('counts each request under its route template, method and status, never under its raw path', async () => {
    for (const slug of ['first-slug', 'second-slug', '42']) expect((await t.app.request(`/api/v1/content/${slug}`)).status).toBe(404);
    expect((await t.app.request('/api/v1/content')).status).toBe(200);
    expect((await t.app.request('/no/such/page-7f3a')).status).toBe(404);

    const res = await scrape(t.app);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const count = (route: string, status: string) =>
      sampleOf(text, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: status });
    expect(count('/api/v1/content/{id}', '404')).toBe(3);
    expect(count('/api/v1/content', '200')).toBe(1);
    expect(count(UNMATCHED_ROUTE, '404')).toBe(1);
    expect(text).not.toMatch(/first-slug|page-7f3a|route="\/api\/v1\/content\/42"/);
    expect(sampleOf(text, 'http_request_duration_seconds_bucket', { route: '/api/v1/content', le: '+Inf' })).toBe(1);
  });

  it('times the queries by statement and reads the pool (none on SQLite)', async () => {
    expect((await t.app.request('/api/v1/content?page=1')).status).toBe(200);
    const text = await (await scrape(t.app)).text();
    expect(sampleOf(text, 'db_query_duration_seconds_count', { operation: 'select' })).toBeGreaterThanOrEqual(2);
    expect(sampleOf(text, 'db_query_duration_seconds_bucket', { operation: 'insert', le: '+Inf' })).toBeUndefined();
    const idle = sampleOf(text, 'db_pool_connections_idle', { pool: 'primary' });
    const inUse = sampleOf(text, 'db_pool_connections_in_use', { pool: 'primary' });
    const waiting = sampleOf(text, 'db_pool_requests_waiting', { pool: 'primary' });
    if (type === 'sqlite') expect([idle, inUse, waiting]).toEqual([undefined, undefined, undefined]);
    else {
      expect(idle).toBeGreaterThanOrEqual(1);
      expect(inUse).toBe(0);
      expect(waiting).toBe(0);
    }
    expect(sampleOf(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    expect(sampleOf(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts requests refused without doing their work by reason', async () => {
    const big = await t.app.request('/api/v1/contact', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x'.repeat(200) }),
    });
    expect(big.status).toBe(413);
    const text = await (await scrape(t.app)).text();
    expect(sampleOf(text, 'http_requests_rejected_total', { reason: 'body_too_large' })).toBe(1);
    expect(sampleOf(text, 'http_requests_rejected_total', { reason: 'rate_limited' })).toBeUndefined();
  });

  it('answers 401 problems without the token, with a wrong one, and to another scheme', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${btoa(`metrics:${TOKEN}`)}`]) {
      const res = await t.app.request('/metrics', { headers: authorization ? { authorization } : {} });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await json(res);
      expect(body).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/metrics' });
      expect(body.detail).toBe(
        authorization?.startsWith('Bearer') ? 'The metrics token is not valid' : 'Send the metrics token as Authorization: Bearer <token>',
      );
    }
    // The failed scrapes are counted like any request, under the route's own name.
    const text = await (await scrape(t.app)).text();
    expect(sampleOf(text, 'http_request_duration_seconds_count', { route: '/metrics', status_code: '401' })).toBe(4);
  });
});

describeNeeding(prometheusProblem(), 'promtool')('promtool check metrics', () => {
  const t = useTestApp('postgresql', { env: METRICS_ENV });

  it('finds no problem in the real output, every default metric kept but the three misnamed gauges', async () => {
    await t.app.request('/api/v1/content/a-slug');
    await t.app.request('/api/v1/content');
    const text = await (await scrape(t.app)).text();
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, problems: [], output: '' });
    for (const type of ['process_cpu_seconds_total counter', 'nodejs_heap_size_used_bytes gauge', 'nodejs_gc_duration_seconds histogram'])
      expect(text).toContain(`\n# TYPE ${type}\n`);
    expect(text).toMatch(/\nnodejs_active_handles\{type="\w+"\} \d+/);
    expect(text).not.toMatch(/nodejs_active_\w+_total/);
  });
});

describe('with METRICS_ENABLED off (the default)', () => {
  const t = useTestApp('sqlite', { seed: false });

  it('serves no /metrics, registers nothing and adds no middleware', async () => {
    expect(t.services.metrics).toBeUndefined();
    expect((await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const on = t.appWith(METRICS_ENV);
    const handlers = (app: typeof t.app) => app.routes.map((r) => `${r.method} ${r.path}`);
    const added = handlers(on).filter((h) => !handlers(t.app).includes(h));
    expect(added).toEqual(['GET /metrics']);
    // The one extra middleware sits first, on every path.
    expect(on.routes.length - t.app.routes.length).toBe(2);
    expect(`${on.routes[0].method} ${on.routes[0].path}`).toBe('ALL /*');
    expect(on.routes[0].handler).not.toBe(t.app.routes[0].handler);
  });
});
