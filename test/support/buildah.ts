/**
 * The real container image for tests, built and run with Debian's buildah (chroot isolation, no
 * daemon; see ../shared/CONTAINERS.md). A container here shares the host's network, so it listens
 * on the host's loopback. `buildahProblem()` says why the tool or the base image is missing.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { APP_ROOT } from './child.ts';
import type { Exit, LogLine } from './process.ts';

const run = promisify(execFile);

/** Turns off the default ulimits this sandbox refuses (written by ../shared/bin/node-base-image). */
const ENV = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? '/etc/containers/containers.conf.local' };
const BASE_IMAGE = 'docker.io/library/node:24-bookworm-slim';
const RUN_FLAGS = ['--isolation=chroot', '--network=host'];

async function buildah(args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run('buildah', args, { env: ENV, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** undefined when buildah runs and the base image exists; otherwise what is missing. */
export async function buildahProblem(): Promise<string | undefined> {
  try {
    await buildah(['--version']);
  } catch (error) {
    return `buildah is not usable (${(error as Error).message.split('\n')[0]}); apt-get install buildah`;
  }
  try {
    await buildah(['inspect', '--type', 'image', BASE_IMAGE]);
  } catch {
    return `the base image ${BASE_IMAGE} is missing; create it with ../shared/bin/node-base-image`;
  }
  return undefined;
}

/** `buildah bud` of the repository's Dockerfile, reusing cached layers; returns how long it took. */
export async function buildImage(tag: string): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  const output = await buildah(
    ['bud', ...RUN_FLAGS, '--pull=never', '--format', 'docker', '--layers', '-t', tag, '-f', join(APP_ROOT, 'Dockerfile'), APP_ROOT],
    600_000,
  );
  return { ms: performance.now() - started, output };
}

/** The parts of the image's Docker config a runtime acts on. */
export interface ImageConfig {
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  User: string;
  Env: string[];
  StopSignal?: string;
  Volumes?: Record<string, object>;
  Healthcheck?: { Test: string[]; Interval: number; Timeout: number; Retries: number };
}

/** The image's config, and its size as buildah prints it ("399 MB"). */
export async function inspectImage(tag: string): Promise<{ config: ImageConfig; size: string }> {
  const image = JSON.parse(await buildah(['inspect', '--type', 'image', tag])) as { Docker: { config: ImageConfig } };
  const [listed] = JSON.parse(await buildah(['images', '--json', tag])) as { size: string }[];
  return { config: image.Docker.config, size: listed.size };
}

/** The command a runtime would start: Entrypoint + Cmd. */
export const imageCommand = (config: ImageConfig): string[] => [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];

/** HEALTHCHECK's test as a command: ["CMD", ...argv] or ["CMD-SHELL", "script"]. */
export function healthcheckCommand(config: ImageConfig): string[] {
  const test = config.Healthcheck?.Test ?? [];
  if (test[0] === 'CMD') return test.slice(1);
  if (test[0] === 'CMD-SHELL') return ['/bin/sh', '-c', test[1]];
  throw new Error(`the image has no usable HEALTHCHECK: ${JSON.stringify(test)}`);
}

/** A working container made from an image, whose root filesystem can be inspected. */
export class WorkingContainer {
  readonly id: string;
  readonly user: string;

  private constructor(id: string, user: string) {
    this.id = id;
    this.user = user;
  }

  static async from(image: string, user: string): Promise<WorkingContainer> {
    return new WorkingContainer(await buildah(['from', '--pull=never', image]), user);
  }

  /** `volume`: one `host:container[:options]` mount, or several. */
  private runArgs(argv: string[], options: { env?: Record<string, string>; volume?: string | string[] }): string[] {
    const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    const volume = [options.volume ?? []].flat().flatMap((v) => ['--volume', v]);
    return ['run', ...RUN_FLAGS, '--user', this.user, ...env, ...volume, this.id, '--', ...argv];
  }

  /** Runs `argv` to completion as the image's user. */
  async exec(
    argv: string[],
    options: { env?: Record<string, string>; volume?: string | string[]; timeoutMs?: number } = {},
  ): Promise<{ code: number }> {
    const child = spawn('buildah', this.runArgs(argv, options), { env: ENV, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    const code = await new Promise<number>((resolve) => child.once('close', (c) => resolve(c ?? -1)));
    clearTimeout(timer);
    return { code };
  }

  /** Starts `argv` in the background; see ContainerProcess. */
  start(argv: string[], options: { env?: Record<string, string>; volume?: string | string[] } = {}): ContainerProcess {
    return new ContainerProcess(spawn('buildah', this.runArgs(argv, options), { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] }), argv);
  }

  /**
   * Every path of the root filesystem with its mode and owner, and a file's size and mtime too. A
   * folder's mtime is left out: buildah itself touches /run at every run (its mount points).
   */
  async snapshot(): Promise<Map<string, string>> {
    const root = await buildah(['mount', this.id]);
    const entries = new Map<string, string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(join(root, dir))) {
        const path = `${dir}/${name}`;
        const s = lstatSync(join(root, path));
        entries.set(path, `${s.mode.toString(8)} ${s.uid}:${s.gid}${s.isDirectory() ? '' : ` ${s.size} ${s.mtimeMs}`}`);
        if (s.isDirectory() && !['/proc', '/sys', '/dev'].includes(path)) walk(path);
      }
    };
    try {
      walk('');
    } finally {
      await buildah(['umount', this.id]);
    }
    return entries;
  }

  async remove(): Promise<void> {
    await buildah(['rm', this.id]).catch(() => undefined);
  }
}

/** What changed between two snapshots: added, removed or modified paths. */
export function rootfsChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [path, stat] of after) if (before.get(path) !== stat) changes.push(`${before.has(path) ? 'modified' : 'added'} ${path}`);
  for (const path of before.keys()) if (!after.has(path)) changes.push(`removed ${path}`);
  return changes.sort();
}

/**
 * `buildah run` of the image's command. Signals go to the container's main process (what a runtime
 * does on `docker stop`), not to buildah, which would kill it.
 */
export class ContainerProcess {
  stdout = '';
  stderr = '';
  exited = false;
  private readonly exit: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly argv: string[];

  constructor(child: ChildProcess, argv: string[]) {
    this.child = child;
    this.argv = argv;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exit = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      }),
    );
  }

  get logs(): LogLine[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** The container's main process: the descendant of `buildah run` that runs the command. */
  mainPid(): number {
    const children = new Map<number, number[]>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      } catch {
        // gone meanwhile
      }
    }
    const queue = [this.child.pid ?? -1];
    for (const pid of queue) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (pid !== this.child.pid && cmdline[0].endsWith(`/${this.argv[0]}`) && !cmdline.includes('buildah-chroot-exec')) return pid;
      queue.push(...(children.get(pid) ?? []));
    }
    throw new Error(`no process runs ${this.argv.join(' ')} under buildah run ${this.child.pid}`);
  }

  signal(signal: NodeJS.Signals): void {
    process.kill(this.mainPid(), signal);
  }

  async waitForExit(timeoutMs: number): Promise<Exit> {
    const result = await Promise.race([this.exit, sleep(timeoutMs, 'timeout' as const)]);
    if (result === 'timeout') {
      this.kill();
      throw new Error(`the container did not exit within ${timeoutMs} ms\n${this.describe()}`);
    }
    return result;
  }

  kill(): void {
    if (this.exited) return;
    try {
      process.kill(this.mainPid(), 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  describe(): string {
    return `--- stdout ---\n${this.stdout.slice(-4000)}\n--- stderr ---\n${this.stderr.slice(-4000)}`;
  }
}
