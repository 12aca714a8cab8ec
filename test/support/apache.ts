/**
 * A real Apache 2.4 with mod_passenger for tests, configured the way cPanel configures it: each
 * application is a `<Directory>` block (what cPanel writes into the `.htaccess` of the Application
 * URL's folder) naming its root, base URI, Node binary, startup file and `SetEnv` variables.
 *
 * Everything lives in one temporary folder: the config, logs, Passenger's registry, the document
 * root and the app roots. Run as root (as CI does), the app roots belong to `nobody`, so Passenger
 * runs each app as that account, exactly as cPanel runs it as the account user.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, it } from 'vitest';

import { APP_ROOT } from './child.ts';
import { databasesRequired } from './databases.ts';
import { acceptsConnections, freePort, type LogLine, pollUntil } from './process.ts';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const PASSENGER_ROOT = '/usr/lib/ruby/vendor_ruby/phusion_passenger/locations.ini';
const REQUIRED_FILES = [APACHE, `${MODULES}/mod_passenger.so`, `${MODULES}/mod_mpm_event.so`, PASSENGER_ROOT, '/usr/bin/ruby'];

/** undefined when Apache and mod_passenger are installed; otherwise what is missing. */
export function apacheProblem(): string | undefined {
  const missing = REQUIRED_FILES.filter((file) => !existsSync(file));
  if (!missing.length) return undefined;
  return `Apache 2.4 with mod_passenger is not installed (missing ${missing.join(', ')}); apt-get install apache2 libapache2-mod-passenger`;
}

/** Like describeEachDatabase: a missing Apache fails under REQUIRE_DATABASES=1 and is skipped loudly otherwise. */
export function describeWithApache(name: string, fn: () => void): void {
  const problem = apacheProblem();
  if (problem && !databasesRequired()) {
    console.warn(`\n*** SKIPPED "${name}": ${problem}. Set REQUIRE_DATABASES=1 to make this a failure. ***\n`);
    describe.skip(name, fn);
  } else if (problem) {
    describe(name, () => {
      it('needs Apache with mod_passenger', () => {
        throw new Error(problem);
      });
    });
  } else {
    describe(name, fn);
  }
}

/** The account that owns the app roots: `nobody` when the tests run as root, else the current user. */
function account(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function chownTree(path: string, owner: { uid: number; gid: number } | undefined): void {
  if (!owner) return;
  const result = spawnSync('chown', ['-R', `${owner.uid}:${owner.gid}`, path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`chown ${path} failed: ${result.stderr}`);
}

/** Hands `path` (a folder made by the test runner) to the app's account. */
export function giveToAccount(path: string): void {
  chownTree(path, account());
}

export interface AppRootOptions {
  /** Written to `<root>/.env`. */
  dotEnv?: Record<string, string>;
  /** More entries of the repository to copy (package.json, src and adapters always are). */
  copy?: string[];
  /** Also copy esbuild.config.ts and console/ and run `npm run build` in the copy (writes `<root>/dist`, the console too). */
  build?: boolean;
}

/**
 * A copy of the app as a cPanel user uploads it (package.json, src, adapters, the built console in
 * dist/console) with node_modules symlinked, as "Run NPM Install" leaves it; `tmp/` for restart.txt
 * and `data/` for SQLite.
 */
export function createAppRoot(root: string, options: AppRootOptions = {}): string {
  mkdirSync(root, { recursive: true });
  const entries = [
    'package.json',
    'src',
    'adapters',
    ...(options.copy ?? []),
    // The console as built in this checkout (the tests' global setup builds it; a benchmark may not have).
    ...(options.build ? ['esbuild.config.ts', 'console'] : existsSync(join(APP_ROOT, 'dist', 'console')) ? [join('dist', 'console')] : []),
  ];
  for (const entry of entries) cpSync(join(APP_ROOT, entry), join(root, entry), { recursive: true });
  if (options.build) {
    symlinkSync(join(APP_ROOT, 'node_modules'), join(root, 'node_modules'));
    const result = spawnSync(process.execPath, ['esbuild.config.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`npm run build failed in ${root}:\n${result.stdout}\n${result.stderr}`);
    rmSync(join(root, 'node_modules'));
  }
  return finishAppRoot(root, options.dotEnv);
}

/** An app root made the cPanel way: the `npm run package:cpanel` archive extracted into an empty folder. */
export function appRootFromArchive(archive: string, root: string, dotEnv?: Record<string, string>): string {
  mkdirSync(root, { recursive: true });
  const result = spawnSync('tar', ['-xzf', archive, '-C', root], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar -xzf ${archive} failed: ${result.stderr}`);
  return finishAppRoot(root, dotEnv);
}

/** node_modules as "Run NPM Install" leaves it (a symlink), tmp/ and data/, `.env`, and the account as owner. */
function finishAppRoot(root: string, dotEnv: Record<string, string> | undefined): string {
  symlinkSync(join(APP_ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'tmp'), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  if (dotEnv)
    writeFileSync(
      join(root, '.env'),
      Object.entries(dotEnv)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  chownTree(root, account());
  return root;
}

/** One application, as cPanel's "Setup Node.js App" declares it. */
export interface PassengerMount {
  /** Application URL below the domain: '' for the domain root, or e.g. 'filamenta'. */
  url: string;
  appRoot: string;
  /** Relative to the app root; cPanel's "Application startup file". */
  startupFile?: string;
  /** cPanel's environment variables, written as SetEnv. */
  env?: Record<string, string>;
  /** More Passenger directives for this application (PassengerMinInstances 0, ...). */
  directives?: string[];
  /** cPanel's "Node.js version": the binary Passenger runs (by default the one running the tests). */
  nodejs?: string;
}

/** A line the app wrote to stdout or stderr, as Passenger logs it: `App <pid> output: <text>`. */
export interface AppOutput {
  pid: number;
  text: string;
}

/** apache2 ended by a signal while it started. */
class StartCrash extends Error {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals, message: string) {
    super(message);
    this.signal = signal;
  }
}

export class Apache {
  readonly port: number;
  readonly dir: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stderr = '';
  /** The signal that ended apache2, if one did (a crash), once it has exited. */
  private signal: NodeJS.Signals | null = null;

  private constructor(dir: string, port: number, child: ChildProcess) {
    this.dir = dir;
    this.port = port;
    this.child = child;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      child.once('close', (_code, signal) => {
        this.signal = signal;
        resolve();
      }),
    );
  }

  /**
   * Writes `<dir>/httpd.conf` and starts Apache in the foreground on a free loopback port. apache2
   * with mod_passenger once aborted at start in CI ("double free or corruption (fasttop)", SIGABRT,
   * before any request reached the app): a start that a signal ends is made again once, with a
   * warning that quotes it; an exit with a status (a configuration apache2 refuses) is not.
   */
  static async start(dir: string, mounts: PassengerMount[], globalDirectives: string[] = []): Promise<Apache> {
    try {
      return await Apache.startOnce(dir, mounts, globalDirectives);
    } catch (error) {
      if (!(error instanceof StartCrash)) throw error;
      const aside = join(dir, `logs-crashed-${Date.now()}`);
      renameSync(join(dir, 'logs'), aside);
      console.warn(`*** apache2 was ended by ${error.signal} at start; starting it again once (its logs: ${aside}) ***\n${error.message}`);
      return Apache.startOnce(dir, mounts, globalDirectives);
    }
  }

  private static async startOnce(dir: string, mounts: PassengerMount[], globalDirectives: string[]): Promise<Apache> {
    for (const sub of ['run', 'logs', 'instreg', 'tmp', 'bin', 'public_html']) mkdirSync(join(dir, sub), { recursive: true });
    // mkdtemp makes 0700 folders; the app's account must reach its root inside. tmp/ is the apps'
    // TMPDIR, as writable as /tmp (Node's compile cache goes there).
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'tmp'), 0o1777);
    const node = nodeForApps(join(dir, 'bin'));
    for (const mount of mounts) mkdirSync(join(dir, 'public_html', mount.url), { recursive: true });
    const port = await freePort();
    writeFileSync(join(dir, 'httpd.conf'), apacheConfig(dir, port, node, mounts, globalDirectives));

    const test = spawnSync(APACHE, ['-f', join(dir, 'httpd.conf'), '-t'], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`apache2 -t rejected ${dir}/httpd.conf:\n${test.stderr}`);
    // TMPDIR keeps Passenger's error pages (passenger-error-*.html) in this folder.
    const child = spawn(APACHE, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], {
      env: { PATH: process.env.PATH ?? '', TMPDIR: join(dir, 'tmp'), LANG: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const apache = new Apache(dir, port, child);
    let exited = false;
    void apache.exited.then(() => (exited = true));
    const stopIf = () => (exited ? `apache2 exited at start:\n${apache.stderr}\n${apache.errorLog()}` : undefined);
    try {
      await pollUntil(() => (/Passenger core online/.test(apache.passengerLog()) ? true : undefined), {
        timeoutMs: 15_000,
        what: 'Passenger core to come online',
        stopIf,
      });
      // Passenger's core can come online before Apache has bound its ports (seen under load: the first
      // request refused), so the start ends once the port takes a connection.
      await pollUntil(async () => ((await acceptsConnections(port)) ? true : undefined), {
        timeoutMs: 15_000,
        what: `apache2 to listen on 127.0.0.1:${port}`,
        stopIf,
      });
    } catch (error) {
      if (exited && apache.signal) throw new StartCrash(apache.signal, (error as Error).message);
      throw error;
    }
    return apache;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  passengerLog(): string {
    return readIfExists(join(this.dir, 'logs', 'passenger.log'));
  }

  errorLog(): string {
    return readIfExists(join(this.dir, 'logs', 'error.log'));
  }

  /** Every line the apps wrote, in order. */
  appOutput(): AppOutput[] {
    return [...this.passengerLog().matchAll(/^App (\d+) output: (.*)$/gm)].map((m) => ({ pid: Number(m[1]), text: m[2] }));
  }

  /** The apps' JSON log lines, each with the pid Passenger names. */
  appLogs(): (LogLine & { appPid: number })[] {
    return this.appOutput()
      .filter((line) => line.text.startsWith('{'))
      .map((line) => ({ ...(JSON.parse(line.text) as LogLine), appPid: line.pid }));
  }

  async waitForAppLog(matches: (line: LogLine & { appPid: number }) => boolean, timeoutMs: number, what: string) {
    return pollUntil(() => this.appLogs().find(matches), { timeoutMs, intervalMs: 50, what: `${what}\n${this.describe()}` });
  }

  /** The tail of both logs, for failure messages. */
  describe(): string {
    return `--- passenger.log ---\n${this.passengerLog().slice(-6000)}\n--- error.log ---\n${this.errorLog().slice(-2000)}`;
  }

  /** Stops Apache (Passenger then stops every app) and waits until the app processes are gone. */
  async stop(): Promise<void> {
    const pids = new Set(this.appOutput().map((line) => line.pid));
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await Promise.race([this.exited, sleep(15_000)]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await pollUntil(() => ([...pids].some(isAlive) ? undefined : true), { timeoutMs: 15_000, what: 'the app processes to exit' }).catch(
      () => {
        for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      },
    );
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * The Node binary for PassengerNodejs, where the app's account can run it (the test runner's may sit
 * under /root, closed to others). A hard link costs nothing; a copy when across file systems.
 */
function nodeForApps(binDir: string): string {
  const node = join(binDir, 'node');
  if (existsSync(node)) return node;
  try {
    linkSync(process.execPath, node);
  } catch {
    copyFileSync(process.execPath, node);
  }
  chmodSync(node, 0o755);
  return node;
}

function apacheConfig(dir: string, port: number, node: string, mounts: PassengerMount[], globalDirectives: string[]): string {
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const blocks = mounts.map((mount) => {
    const base = mount.url ? `/${mount.url}` : '';
    return [
      `  <Directory ${quote(join(dir, 'public_html', mount.url))}>`,
      `    PassengerAppRoot ${quote(mount.appRoot)}`,
      ...(base ? [`    PassengerBaseURI ${quote(base)}`] : []),
      `    PassengerNodejs ${quote(mount.nodejs ?? node)}`,
      '    PassengerAppType node',
      `    PassengerStartupFile ${quote(mount.startupFile ?? 'adapters/passenger.cjs')}`,
      ...Object.entries(mount.env ?? {}).map(([name, value]) => `    SetEnv ${name} ${quote(value)}`),
      ...(mount.directives ?? []).map((line) => `    ${line}`),
      '  </Directory>',
    ].join('\n');
  });
  return `# Written by test/support/apache.ts
ServerRoot "/etc/apache2"
ServerName 127.0.0.1
PidFile ${dir}/run/apache2.pid
DefaultRuntimeDir ${dir}/run
Mutex file:${dir}/run default
ErrorLog ${dir}/logs/error.log
LogLevel warn
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule mime_module ${MODULES}/mod_mime.so
LoadModule dir_module ${MODULES}/mod_dir.so
LoadModule env_module ${MODULES}/mod_env.so
LoadModule passenger_module ${MODULES}/mod_passenger.so
TypesConfig /etc/mime.types
PassengerRoot ${PASSENGER_ROOT}
PassengerDefaultRuby /usr/bin/ruby
PassengerInstanceRegistryDir ${dir}/instreg
PassengerLogFile ${dir}/logs/passenger.log
PassengerDisableAnonymousTelemetry on
PassengerDisableSecurityUpdateCheck on
${globalDirectives.join('\n')}
Listen 127.0.0.1:${port}
<VirtualHost 127.0.0.1:${port}>
  DocumentRoot ${quote(join(dir, 'public_html'))}
  <Directory ${quote(join(dir, 'public_html'))}>
    Require all granted
  </Directory>
${blocks.join('\n')}
  <FilesMatch "^\\.ht">
    Require all denied
  </FilesMatch>
</VirtualHost>
`;
}
