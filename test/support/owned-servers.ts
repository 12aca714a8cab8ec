/**
 * What the harnesses that run servers of their own (a PostgreSQL or MariaDB primary with its
 * replica, Prometheus) share: a temporary folder, optionally owned by the user the server runs
 * as; a check that the binaries are installed; and a watchdog that stops the servers and removes
 * the folder when the test process dies without tearing down (a crash, SIGKILL, a worker killed
 * on timeout), so nothing is left running on the machine.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

/** A system user's ids, read from the passwd database. */
function systemUser(name: string): { uid: number; gid: number } {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim()));
    return { uid, gid };
  } catch {
    throw new Error(`no system user ${name} (the package of its server creates it)`);
  }
}

/**
 * Where throwaway data directories go: the memory file system when there is one (no disk I/O to
 * wait for, which matters on a shared machine), else the temporary directory.
 */
const SCRATCH = (() => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();

/** A new empty scratch folder, owned by `owner` (a system user) if given. */
export function ownedTempFolder(prefix: string, owner?: string): string {
  const folder = mkdtempSync(join(SCRATCH, prefix));
  if (owner) {
    const { uid, gid } = systemUser(owner);
    chownSync(folder, uid, gid);
  }
  return folder;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** undefined when this process may run servers as another user (it is root); otherwise why not. */
export function notRoot(): string | undefined {
  return process.getuid?.() === 0 ? undefined : 'the test process is not root, so it cannot run servers as their own system user';
}

/**
 * undefined when every binary is there (an absolute path, or a name found on PATH); otherwise a
 * sentence naming the missing ones and the Debian package `hint` that brings them.
 */
export function missingBinaries(binaries: string[], hint: string): string | undefined {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const missing = binaries.filter((binary) =>
    isAbsolute(binary) ? !executable(binary) : !path.some((dir) => executable(join(dir, binary))),
  );
  return missing.length ? `${missing.join(', ')} not installed (${hint})` : undefined;
}

// The watchdog: a detached shell (its own process group, so a Ctrl-C to the test run does not
// take it down first) that waits for the test process to go, then signals every pid still listed
// in the pid files, waits up to 10 s for them to exit and removes the folder.
const WATCHDOG_SCRIPT = `
parent=$1; folder=$2; sig=$3; shift 3
while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
pids() { for f in "$@"; do [ -f "$f" ] && head -n 1 "$f"; done; }
for pid in $(pids "$@"); do kill -"$sig" "$pid" 2>/dev/null; done
i=0
while [ $i -lt 20 ]; do
  alive=0
  for pid in $(pids "$@"); do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break
  sleep 0.5; i=$((i + 1))
done
rm -rf "$folder"
`;

/**
 * Watches the test process on behalf of servers whose pids are in `pidFiles` (their first line,
 * as PostgreSQL's postmaster.pid and MariaDB's --pid-file write it) and whose files are under
 * `folder`. `signal` is what ends a server at once (QUIT for PostgreSQL's immediate shutdown).
 */
export class Watchdog {
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
  }

  static start(folder: string, pidFiles: string[], signal: 'KILL' | 'QUIT' | 'TERM'): Watchdog {
    const child = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'filamenta-watchdog', String(process.pid), folder, signal, ...pidFiles], {
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    return new Watchdog(child);
  }

  /** The orderly teardown has taken over: the watchdog goes without touching anything. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.ref(); // so the process waits for it, even when nothing else is left to do
    this.child.kill('SIGKILL');
    await gone;
  }
}

/** `server.create()`; when it fails, `server.stop()` removes what was made before the error goes on. */
export async function createdOrRemoved<T extends { create(): Promise<void>; stop(): Promise<void> }>(server: T): Promise<T> {
  try {
    await server.create();
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The pids of processes whose command line mentions `text` (`pgrep -f`), for leak checks. */
export function processesMentioning(text: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch (error) {
    if ((error as { status?: number }).status === 1) return []; // pgrep: nothing matched
    throw error;
  }
}
