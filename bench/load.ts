/** Load generation with wrk on the loopback; wrk-report.lua turns its summary into JSON. */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { track } from './servers.ts';

const REPORT_SCRIPT = fileURLToPath(new URL('wrk-report.lua', import.meta.url));

export interface LoadOptions {
  threads: number;
  connections: number;
  durationS: number;
  /** CPUs wrk runs on (`taskset -c`), e.g. '1'; anywhere when unset. */
  cpus?: string;
}

/**
 * What each request is, when not a GET of the URL as given: `range` draws every `{r}` of the URL
 * anew per request (random keys); `method` and `body` (whose `{n}` becomes unique per request) make
 * it a POST; `authorization` is sent as is.
 */
export interface WrkRequest {
  range?: readonly [number, number];
  method?: 'POST';
  body?: string;
  authorization?: string;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connect/read/write errors, timeouts and non-2xx answers. */
  errors: number;
}

interface WrkJson {
  requests: number;
  durationUs: number;
  errors: Record<'connect' | 'read' | 'write' | 'status' | 'timeout', number>;
  latencyUs: { p50: number; p99: number };
}

/** Installs wrk with apt-get when it is missing (the bench machine is Debian), or says how. */
export function ensureWrk(): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  console.log('wrk not found; installing it with apt-get ...');
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).error === undefined;
  if (canApt) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', timeout: 120_000 });
    spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit', timeout: 120_000 });
  }
  if (spawnSync('wrk', ['--version']).error !== undefined) {
    throw new Error('The bench needs wrk (https://github.com/wg/wrk): apt-get install wrk, or brew install wrk, then run it again.');
  }
}

/** One wrk run against `url`; rejects if wrk fails or outlives its duration by 15 s. */
export function runWrk(url: string, { threads, connections, durationS, cpus }: LoadOptions, request: WrkRequest = {}): Promise<LoadResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, WRK_NONCE: randomBytes(4).toString('hex') };
  if (url.includes('{r}')) {
    if (!request.range) throw new Error(`${url}: a {r} in the URL needs a range to draw from`);
    // The Lua script asks for the path with each {r} drawn anew; wrk itself needs a plain URL.
    const { origin } = new URL(url.replaceAll('{r}', '1'));
    Object.assign(env, { WRK_PATH: url.slice(origin.length), WRK_RANGE: request.range.join(':') });
  }
  if (request.method) Object.assign(env, { WRK_METHOD: request.method, WRK_BODY: request.body ?? '' });
  if (request.authorization) env.WRK_AUTH = request.authorization;
  const args = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${durationS}s`,
    '--timeout',
    '5s',
    '-s',
    REPORT_SCRIPT,
    url.replaceAll('{r}', String(request.range?.[0])),
  ];
  const [command, argv] = cpus ? ['taskset', ['-c', cpus, 'wrk', ...args]] : ['wrk', args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    track(child);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), (durationS + 15) * 1000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk ${args.join(' ')} failed (${code}):\n${out}`));
      const r = JSON.parse(line.slice('WRK_JSON '.length)) as WrkJson;
      resolve({
        rps: r.requests / (r.durationUs / 1e6),
        p50Ms: r.latencyUs.p50 / 1000,
        p99Ms: r.latencyUs.p99 / 1000,
        requests: r.requests,
        errors: Object.values(r.errors).reduce((a, b) => a + b, 0),
      });
    });
  });
}
