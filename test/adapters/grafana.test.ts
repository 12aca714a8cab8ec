/**
 * deploy/grafana/filamenta.json, the dashboard for the metrics the app serves at <base>/metrics:
 * its shape against a JSON Schema of what Grafana needs from it (every panel queries Prometheus
 * through the dashboard's data source variable), the metric and label names against the ones the
 * app exports, and its PromQL run by Prometheus' own engine (Debian's promtool) on sample series.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { APP_ROOT } from '../support/child.ts';

const run = promisify(execFile);

interface Target {
  expr: string;
  refId: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: Target[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
}

const text = readFileSync(join(APP_ROOT, 'deploy/grafana/filamenta.json'), 'utf8');
const dashboard = JSON.parse(text) as Dashboard;
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');
const exprs = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

/** The names the app exports (histograms as their _bucket, _count and _sum series). */
const HISTOGRAMS = ['http_request_duration_seconds', 'db_query_duration_seconds'];
const METRICS = [
  ...HISTOGRAMS.flatMap((h) => ['_bucket', '_count', '_sum'].map((s) => h + s)),
  'db_pool_connections_in_use',
  'db_pool_connections_idle',
  'db_pool_requests_waiting',
  'http_requests_rejected_total',
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes',
];
/** Their labels, and the ones Prometheus adds (job, instance) or histograms have (le). */
const LABELS = ['method', 'route', 'status_code', 'pool', 'operation', 'reason', 'job', 'instance', 'le'];

const DATA_SOURCE = {
  type: 'object',
  required: ['type', 'uid'],
  properties: { type: { const: 'prometheus' }, uid: { const: '${datasource}' } },
};
/** What Grafana needs from this dashboard; its own model has many more (optional) fields. */
const SCHEMA = {
  type: 'object',
  required: ['title', 'uid', 'schemaVersion', 'panels', 'templating'],
  properties: {
    title: { type: 'string', minLength: 1 },
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$' },
    schemaVersion: { type: 'integer', minimum: 36 },
    templating: {
      type: 'object',
      required: ['list'],
      properties: {
        list: {
          type: 'array',
          contains: {
            type: 'object',
            required: ['name', 'type', 'query'],
            properties: { name: { const: 'datasource' }, type: { const: 'datasource' }, query: { const: 'prometheus' } },
          },
        },
      },
    },
    panels: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'type', 'title', 'gridPos'],
        properties: {
          id: { type: 'integer' },
          title: { type: 'string', minLength: 1 },
          gridPos: { type: 'object', required: ['h', 'w', 'x', 'y'] },
        },
        if: { properties: { type: { const: 'row' } } },
        else: {
          required: ['datasource', 'targets'],
          properties: {
            type: { enum: ['timeseries', 'stat'] },
            datasource: DATA_SOURCE,
            targets: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['expr', 'refId', 'datasource'],
                properties: { expr: { type: 'string', minLength: 1 }, refId: { type: 'string', minLength: 1 }, datasource: DATA_SOURCE },
              },
            },
          },
        },
      },
    },
  },
};

/** Grafana's variables as one scrape of one job would have them. */
const concrete = (expr: string) => expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*').replaceAll('$instance', '.*');

const expr = (title: string) => {
  const panel = queryPanels.find((p) => p.title === title);
  if (!panel?.targets?.length) throw new Error(`no panel "${title}"`);
  return concrete(panel.targets[0].expr);
};

let dir: string;
beforeAll(async () => {
  await run('promtool', ['--version']).catch(() => {
    throw new Error('promtool is not installed (apt-get install prometheus): it checks the dashboard queries');
  });
  dir = mkdtempSync(join(tmpdir(), 'filamenta-grafana-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `promtool test rules` of `tests` (its unit-test format); exit code and output. */
async function promtoolTest(tests: object[]): Promise<{ code: number; output: string }> {
  const file = join(dir, `test-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({ rule_files: [], evaluation_interval: '1m', tests }));
  try {
    const { stdout, stderr } = await run('promtool', ['test', 'rules', file]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
const SCRAPE = { job: 'filamenta', instance: '10.0.0.7:3000' };
const ROUTE = '/api/v1/content/{id}';

describe('deploy/grafana/filamenta.json', () => {
  it('is a dashboard whose every panel queries Prometheus through the datasource variable', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);
    expect(validate(dashboard), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);

    // The check can fail: a fixed data source, a query without PromQL.
    const broken = structuredClone(dashboard) as unknown as { panels: { datasource?: object; targets?: object[] }[] };
    const panel = broken.panels.find((p) => p.targets)!;
    panel.datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' };
    panel.targets = [{ refId: 'A', datasource: panel.datasource }];
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/panels\/\d+\/datasource\/uid$/)]),
    );
  });

  it('charts every metric the app exports, with only their names and labels', () => {
    const used = new Set(exprs.flatMap((e) => e.match(/\b[a-z_][a-z0-9_]*(?=\{)/g) ?? []));
    expect([...used].filter((m) => !METRICS.includes(m))).toEqual([]);
    for (const metric of METRICS.filter((m) => !m.endsWith('_sum'))) expect(used, metric).toContain(metric);
    const grouped = exprs.flatMap((e) => [...e.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim())));
    const matched = exprs.flatMap((e) => [...e.matchAll(/(\w+)=~?"/g)].map((m) => m[1]));
    expect([...new Set([...grouped, ...matched])].filter((l) => !LABELS.includes(l))).toEqual([]);
    // Latency per route at the three quantiles, and the error rate counts 5xx only.
    for (const q of ['0.5', '0.95', '0.99'])
      expect(exprs).toContain(
        `histogram_quantile(${q}, sum by (le, route) (rate(http_request_duration_seconds_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval])))`,
      );
    expect(exprs.filter((e) => e.includes('status_code=~"5.."')).length).toBeGreaterThanOrEqual(2);
  });

  it('has PromQL that Prometheus parses (promtool check rules)', async () => {
    const rules = (list: string[]) =>
      stringify({ groups: [{ name: 'dashboard', rules: list.map((e, i) => ({ record: `dashboard:query${i}`, expr: e })) }] });
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, rules(exprs.map(concrete)));
    const { stdout } = await run('promtool', ['check', 'rules', file]);
    expect(stdout).toMatch(new RegExp(`SUCCESS: ${exprs.length} rules found`));

    writeFileSync(file, rules(['sum by (route (rate(http_request_duration_seconds_count[5m]))']));
    await expect(run('promtool', ['check', 'rules', file])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/parse error/),
    });
  });

  it('computes the 5xx ratio and the p95 per route that its titles promise (promtool test rules)', async () => {
    const count = (status: string) =>
      `http_request_duration_seconds_count${labels({ ...SCRAPE, method: 'GET', route: ROUTE, status_code: status })}`;
    const bucket = (le: string) =>
      `http_request_duration_seconds_bucket${labels({ ...SCRAPE, method: 'GET', route: ROUTE, status_code: '200', le })}`;
    const test = (ratio: number, p95: number) => ({
      interval: '1m',
      input_series: [
        // 90 answers a minute with 200, 10 with 500.
        { series: count('200'), values: '0+90x10' },
        { series: count('500'), values: '0+10x10' },
        // Cumulative buckets: 50 a minute under 0.1 s, 95 under 0.5 s, all 100 under 1 s.
        { series: bucket('0.1'), values: '0+50x10' },
        { series: bucket('0.5'), values: '0+95x10' },
        { series: bucket('1'), values: '0+100x10' },
        { series: bucket('+Inf'), values: '0+100x10' },
      ],
      promql_expr_test: [
        // Rounded to the thousandth: promtool compares floats exactly.
        {
          expr: `round(${expr('5xx error rate by route')}, 0.001)`,
          eval_time: '10m',
          exp_samples: [{ labels: labels({ route: ROUTE }), value: ratio }],
        },
        {
          expr: `round(${expr('p95 latency by route')}, 0.001)`,
          eval_time: '10m',
          exp_samples: [{ labels: labels({ route: ROUTE }), value: p95 }],
        },
      ],
    });
    const passed = await promtoolTest([test(0.1, 0.5)]);
    expect(passed.output).toMatch(/SUCCESS/);
    expect(passed.code).toBe(0);
    const failed = await promtoolTest([test(0.2, 0.5)]);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/FAILED/);
  });
});
