/**
 * Real processes for tests: spawn an adapter with a clean environment on a free port, wait until it
 * listens, read its JSON log lines, signal it and await its exit. Every child started here is
 * tracked; call `killLeftovers()` in afterEach so a failed test leaves nothing running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../../bench/servers.ts';
import { CONFIG_VARIABLES } from '../../src/config.ts';
import { APP_ROOT } from './child.ts';

export { freePort };

/** One pino line from a child's stdout. */
export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const children = new Set<ChildProcess>();

/** Node's on-disk compile cache, shared by every child: each start-up parses less TypeScript. */
const COMPILE_CACHE = join(tmpdir(), 'filamenta-test-compile-cache');

/**
 * A bare environment plus `vars`. Every configuration variable (and its _FILE twin) not given is
 * set empty, which the loader treats as unset and which overrides a developer's `.env`.
 */
export function cleanEnvironment(vars: Record<string, string>): Record<string, string> {
  const blank = [...CONFIG_VARIABLES, ...CONFIG_VARIABLES.map((name) => `${name}_FILE`), 'IN_PASSENGER', 'PASSENGER_APP_ENV'];
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_COMPILE_CACHE: COMPILE_CACHE,
    ...Object.fromEntries(blank.map((name) => [name, ''])),
    ...vars,
  };
}

/** A child process whose output is collected as it arrives. */
export class TestProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** True once the process has exited and all its output has been read. */
  exited = false;
  private readonly exit: Promise<Exit>;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, args, { cwd: APP_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this.child);
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.child.once('error', (error) => (this.stderr += `spawn failed: ${error.message}\n`));
    this.exit = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        children.delete(this.child);
        this.exited = true;
        resolve({ code, signal });
      });
    });
  }

  /** Every complete stdout line that is JSON, in order (a line still being written is left out). */
  get logs(): LogLine[] {
    return this.stdout
      .slice(0, this.stdout.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** Lines of stdout that are not JSON log lines (there should be none). */
  get strayOutput(): string[] {
    return this.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves with the exit code, or rejects (after killing the child) when `timeoutMs` passes first. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    const timeout = sleep(timeoutMs, 'timeout' as const);
    const result = await Promise.race([this.exit, timeout]);
    if (result === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`process did not exit within ${timeoutMs} ms\n${this.describe()}`);
    }
    return result;
  }

  /** The first log line `matches` accepts, waiting up to `timeoutMs` for it. */
  async waitForLog(matches: (line: LogLine) => boolean, timeoutMs: number, what = 'log line'): Promise<LogLine> {
    return pollUntil(() => this.logs.find(matches), {
      timeoutMs,
      what,
      stopIf: () => (this.exited ? `process exited while waiting for ${what}\n${this.describe()}` : undefined),
    });
  }

  /** Output for failure messages. */
  describe(): string {
    return `--- stdout ---\n${this.stdout.slice(-4000)}\n--- stderr ---\n${this.stderr.slice(-4000)}`;
  }
}

export interface RunningAdapter extends TestProcess {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
}

/**
 * Starts `node adapters/node.js` on 127.0.0.1 and `port` (a free one by default), resolving once it
 * logs that it listens. `vars` are the configuration on top of a clean environment.
 */
export async function startNodeAdapter(vars: Record<string, string>, timeoutMs = 15_000, port?: number): Promise<RunningAdapter> {
  port ??= await freePort();
  const proc = new TestProcess(['adapters/node.js'], cleanEnvironment({ HOST: '127.0.0.1', PORT: String(port), ...vars }));
  await proc.waitForLog((line) => line.msg.startsWith('Filamenta listening on'), timeoutMs, 'the "listening" log line');
  return Object.assign(proc, { port, url: `http://127.0.0.1:${port}` });
}

/** Runs `node adapters/node.js` (on a free port unless `vars` say otherwise) expecting it to stop by itself. */
export async function runNodeAdapter(vars: Record<string, string>, timeoutMs = 15_000): Promise<TestProcess & Exit> {
  const proc = new TestProcess(['adapters/node.js'], cleanEnvironment({ HOST: '127.0.0.1', PORT: String(await freePort()), ...vars }));
  return Object.assign(proc, await proc.waitForExit(timeoutMs));
}

/** SIGKILLs every child still running; for afterEach/afterAll. */
export async function killLeftovers(): Promise<void> {
  const running = [...children];
  await Promise.all(
    running.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
          child.once('close', resolve);
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Calls `probe` until it returns something other than undefined. */
export async function pollUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; what?: string; stopIf?: () => string | undefined },
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    let value: T | undefined;
    try {
      value = await probe();
    } catch (error) {
      // A probe failing because the process died says less than the process's own output, which
      // its exit (reported a moment after its sockets reset) lets us show.
      await sleep(250);
      throw new Error(options.stopIf?.() ?? String(error), { cause: error });
    }
    if (value !== undefined) return value;
    const stop = options.stopIf?.();
    if (stop) throw new Error(stop);
    if (performance.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what ?? 'a condition'}`);
    await sleep(options.intervalMs ?? 25);
  }
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the response ended. */
  endedAt: number;
}

/** One request on a fresh connection (no agent, so no pooled socket outlives the test). */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, endedAt: performance.now() }));
      res.once('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.once('error', reject);
    req.end(options.body);
  });
}

export interface SlowRequest {
  response: Promise<HttpResult>;
  /** performance.now() after the last chunk was written and the body ended. */
  bodyEnded: Promise<number>;
}

/**
 * A chunked request whose body is written one chunk every `intervalMs`; with `end: false` the
 * body never ends, so the request stays in flight until the server gives up on it.
 */
export function slowRequest(url: string, options: { method: string; chunks: number; intervalMs: number; end?: boolean }): SlowRequest {
  let req!: ReturnType<typeof request>;
  const response = new Promise<HttpResult>((resolve, reject) => {
    req = request(url, { method: options.method, agent: false, headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, endedAt: performance.now() }));
      res.once('error', reject);
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  const bodyEnded = (async () => {
    for (let i = 0; i < options.chunks && !req.destroyed; i++) {
      req.write('x'.repeat(64));
      await sleep(options.intervalMs);
    }
    if (options.end !== false) req.end();
    return performance.now();
  })();
  response.catch(() => undefined); // the caller decides whether a failure matters
  return { response, bodyEnded };
}

/**
 * A keep-alive connection that has served one GET and now sits idle. `closed` resolves with
 * performance.now() when the server closes it.
 */
export async function idleKeepAliveConnection(url: string): Promise<{ closed: Promise<number>; close(): void }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const socket = await new Promise<Socket>((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(req.socket as Socket));
    });
    req.once('error', reject);
    req.end();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
  return { closed, close: () => agent.destroy() };
}

/** What a TCP connection to `port` on the loopback meets: 'open' (then closed at once), or the error's code. */
function tcpProbe(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Whether something on the loopback takes a TCP connection at `port`. */
export async function acceptsConnections(port: number): Promise<boolean> {
  return (await tcpProbe(port)) === 'open';
}

/** Whether a TCP connection to `port` is refused (the listener is closed). */
export async function connectionRefused(port: number): Promise<boolean> {
  return (await tcpProbe(port)) === 'ECONNREFUSED';
}

/**
 * A TCP forwarder to a database server that can be switched between passing traffic and
 * refusing it, so a test can take the database "down" and "up" under a running process.
 */
export class TcpForwarder {
  readonly port: number;
  private passing = false;
  private readonly live = new Set<Socket>();
  private readonly server: Server;

  private constructor(server: Server, port: number) {
    this.server = server;
    this.port = port;
  }

  /** Listens on a free local port; refuses every connection until `pass()`. */
  static async start(target: { host: string; port: number }): Promise<TcpForwarder> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const forwarder = new TcpForwarder(server, address.port);
    server.on('connection', (client) => forwarder.accept(client, target));
    return forwarder;
  }

  /** Connections accepted from now on are piped to the target. */
  pass(): void {
    this.passing = true;
  }

  /** New connections are reset, and every piped connection is cut. */
  refuse(): void {
    this.passing = false;
    for (const socket of this.live) socket.destroy();
    this.live.clear();
  }

  async close(): Promise<void> {
    this.refuse();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (!this.passing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.live.add(a);
      a.pipe(b);
      a.once('error', () => b.destroy());
      a.once('close', () => {
        this.live.delete(a);
        b.destroy();
      });
    }
  }
}
