/**
 * A real Prometheus (Debian's package) for tests: a generated configuration scraping one target
 * every second with a bearer token read from a file (`authorization.credentials_file`), on a free
 * loopback port with its own data folder; helpers to wait for a scrape's outcome, to run an
 * instant query, and `promtool check metrics` on a text body.
 *
 *   const prometheus = await startPrometheus({ target: 'http://127.0.0.1:3000/metrics', token });
 *   await prometheus.waitForTarget('up');
 *   const [sample] = await prometheus.query('http_requests_total');
 *   await prometheus.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { stringify } from 'yaml';

import { createdOrRemoved, missingBinaries, ownedTempFolder, Watchdog } from './owned-servers.ts';
import { freePort, httpRequest, pollUntil } from './process.ts';

/** undefined when prometheus and promtool are installed; otherwise what is missing. */
export function prometheusProblem(): string | undefined {
  return missingBinaries(['prometheus', 'promtool'], 'apt-get install prometheus');
}

/** One entry of /api/v1/targets' activeTargets (the fields tests look at). */
export interface ScrapeTarget {
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape: string;
  labels: Record<string, string>;
}

/** One series of an instant vector: its labels and its value at the query's time. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusOptions {
  /** The URL to scrape (its path is the metrics path). */
  target: string;
  /** Sent as `Authorization: Bearer <token>`; none when undefined. */
  token?: string;
  /** The `job` label. */
  job?: string;
}

export async function startPrometheus(options: PrometheusOptions): Promise<TestPrometheus> {
  const problem = prometheusProblem();
  if (problem) throw new Error(problem);
  const folder = ownedTempFolder('filamenta-prometheus-');
  const watchdog = Watchdog.start(folder, [join(folder, 'prometheus.pid')], 'KILL');
  return createdOrRemoved(new TestPrometheus(folder, await freePort(), options, watchdog));
}

export class TestPrometheus {
  readonly folder: string;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  private readonly options: PrometheusOptions;
  private readonly watchdog: Watchdog;
  private child: ChildProcess | undefined;
  private output = '';
  private stopped = false;

  constructor(folder: string, port: number, options: PrometheusOptions, watchdog: Watchdog) {
    this.folder = folder;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.options = options;
    this.watchdog = watchdog;
  }

  /** The configuration file as written: one job, scraped every second. */
  static config(options: PrometheusOptions, tokenFile: string): string {
    const target = new URL(options.target);
    return stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        {
          job_name: options.job ?? 'filamenta',
          scheme: target.protocol.replace(':', ''),
          metrics_path: target.pathname,
          ...(options.token === undefined ? {} : { authorization: { type: 'Bearer', credentials_file: tokenFile } }),
          static_configs: [{ targets: [target.host] }],
        },
      ],
    });
  }

  async create(): Promise<void> {
    const tokenFile = join(this.folder, 'token');
    if (this.options.token !== undefined) writeFileSync(tokenFile, this.options.token, { mode: 0o600 });
    const configFile = join(this.folder, 'prometheus.yml');
    writeFileSync(configFile, TestPrometheus.config(this.options, tokenFile));
    // prettier-ignore
    const child = spawn('prometheus', [`--config.file=${configFile}`, `--storage.tsdb.path=${join(this.folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${this.port}`, '--storage.tsdb.retention.time=1h', '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: this.folder });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    if (child.pid) writeFileSync(join(this.folder, 'prometheus.pid'), `${child.pid}\n`);
    await pollUntil(
      () =>
        httpRequest(`${this.url}/-/ready`).then(
          (res) => (res.status === 200 ? true : undefined),
          () => undefined,
        ),
      {
        timeoutMs: 20_000,
        intervalMs: 50,
        what: `Prometheus on port ${this.port}`,
        stopIf: () => (child.exitCode !== null ? `prometheus exited ${child.exitCode}:\n${this.output.slice(-3000)}` : undefined),
      },
    );
  }

  async targets(): Promise<ScrapeTarget[]> {
    const body = await this.api<{ activeTargets: ScrapeTarget[] }>('/api/v1/targets?state=active');
    return body.activeTargets;
  }

  /**
   * The target once a scrape has ended with `health` (a target starts as `unknown` until its
   * first scrape).
   */
  async waitForTarget(health: 'up' | 'down', timeoutMs = 10_000): Promise<ScrapeTarget> {
    let last: ScrapeTarget | undefined;
    try {
      return await pollUntil(
        async () => {
          [last] = await this.targets();
          return last?.health === health ? last : undefined;
        },
        { timeoutMs, intervalMs: 100, what: `the scrape target to be ${health}` },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`, { cause: error });
    }
  }

  /** An instant query (PromQL) evaluated now: one sample per series. */
  async query(promql: string): Promise<Sample[]> {
    const body = await this.api<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent(promql)}`,
    );
    if (body.resultType !== 'vector') throw new Error(`${promql} is a ${body.resultType}, not an instant vector`);
    return body.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  }

  /** Samples of `promql` once there is at least one (a fresh series shows after its first scrape). */
  waitForSamples(promql: string, timeoutMs = 10_000): Promise<Sample[]> {
    return pollUntil(
      async () => {
        const samples = await this.query(promql);
        return samples.length ? samples : undefined;
      },
      {
        timeoutMs,
        intervalMs: 100,
        what: `samples of ${promql}`,
      },
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watchdog.stop();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async api<T>(path: string): Promise<T> {
    const res = await httpRequest(`${this.url}${path}`);
    const body = JSON.parse(res.body) as { status: string; data: T; error?: string };
    if (res.status !== 200 || body.status !== 'success') throw new Error(`Prometheus ${path} answered ${res.status}: ${res.body}`);
    return body.data;
  }
}

export interface PromtoolResult {
  /** 0: valid and clean; 1: the body does not parse; 3: it parses, with lint problems. */
  code: number;
  /** One line per lint problem, e.g. `x_count counter metrics should have "_total" suffix`. */
  problems: string[];
  output: string;
}

/** `promtool check metrics` on a Prometheus text body. */
export function promtoolCheckMetrics(body: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      const code = error ? error.code : 0;
      if (typeof code !== 'number') return reject(error);
      const output = `${stdout}${stderr}`;
      resolve({ code, output, problems: code === 3 ? output.split('\n').filter(Boolean) : [] });
    });
    child.stdin?.end(body);
  });
}

/** The value of the series `name{labels}` in a Prometheus text body (labels in any order), or undefined. */
export function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const own = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) return Number(m[3]);
  }
  return undefined;
}
