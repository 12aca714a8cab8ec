/**
 * Starting, timing, measuring and stopping the servers under test. Every child is tracked so that
 * `killAll()` (also called on exit and on signals) leaves nothing running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();

export interface ServerSpec {
  name: string;
  /** Arguments to `node`, e.g. ['dist/node.mjs']. */
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** stdout and stderr go here, so a failed start can be explained. */
  logFile: string;
  /** CPUs the server runs on (`taskset -c`), e.g. '0'; anywhere when unset. */
  cpus?: string;
}

export interface RunningServer {
  spec: ServerSpec;
  child: ChildProcess;
  port: number;
  url: string;
  /** Milliseconds from spawn to the first 200 from /health/ready. */
  readyMs: number;
}

const READY_DEADLINE_MS = 30_000;
const POLL_EVERY_MS = 5;

/** A port the kernel just handed out, so parallel runs of anything else cannot collide with us. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Spawns `node ...args` and polls /health/ready until it answers 200. */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const port = await freePort();
  const log = openSync(spec.logFile, 'a');
  const started = performance.now();
  // taskset execs node in its own process: the pid stays the server's.
  const [command, args] = spec.cpus ? ['taskset', ['-c', spec.cpus, process.execPath, ...spec.args]] : [process.execPath, spec.args];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw startFailure(spec, `exited with ${child.exitCode ?? child.signalCode}`);
    if ((await status(`${url}/health/ready`)) === 200) break;
    if (performance.now() - started > READY_DEADLINE_MS) {
      await stopServer({ spec, child, port, url, readyMs: 0 });
      throw startFailure(spec, `not ready within ${READY_DEADLINE_MS} ms`);
    }
    await sleep(POLL_EVERY_MS);
  }
  return { spec, child, port, url, readyMs: performance.now() - started };
}

function startFailure(spec: ServerSpec, what: string): Error {
  let tail = '';
  try {
    const lines = readFileSync(spec.logFile, 'utf8').split('\n');
    tail = lines
      .filter((line) => !/^\s+at /.test(line))
      .slice(-15)
      .join('\n');
  } catch {
    // no log yet
  }
  return new Error(`${spec.name} ${what}; last log lines:\n${tail}`);
}

/** The status of one GET on a fresh connection, or 0 when nothing answers yet. */
function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
    req.end();
  });
}

/** Resident set size of a process in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised name.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/**
 * Resolves true once the process has used under 10% of a core over 200 ms, false if it is still
 * busy after `timeoutMs`: the requests a warm-up left queued (wrk closes its sockets, the server
 * still answers them) are served before the measured run starts, not inside it.
 */
export async function idle(pid: number, timeoutMs = 60_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const before = cpuMs(pid);
    await sleep(200);
    if (cpuMs(pid) - before <= 20) return true;
  }
  return false;
}

/** SIGTERM, then SIGKILL if the server has not exited within `graceMs`. */
export async function stopServer(server: RunningServer, graceMs = 3000): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Tracks a child that is not a server (wrk) so `killAll()` covers it too. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Synchronous, so it can run from an 'exit' handler. */
export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}
