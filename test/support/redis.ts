/**
 * A Redis server of the test's own (the Debian package's `redis-server`, nothing saved to disk) on
 * a free port, which the test can kill and start again on the same port: what a Redis outage looks
 * like to the app. The machine's own Redis is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

import { Redis } from 'ioredis';

import { freePort, pollUntil } from './process.ts';

export interface OwnRedis {
  url: string;
  /** SIGKILLs the server (no shutdown, as in a crash) and waits for its exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it answers PING. */
  start(): Promise<void>;
  /** A client for the test's own reads; quit by `stop`. */
  admin: Redis;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = started;
    await pollUntil(
      async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined); // connect() rejects with it
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG' ? true : undefined;
        } catch {
          return undefined;
        } finally {
          probe.disconnect();
        }
      },
      {
        timeoutMs: 10_000,
        intervalMs: 50,
        what: `redis-server on port ${port}`,
        stopIf: () => (started.exitCode !== null ? `redis-server exited with ${started.exitCode}` : undefined),
      },
    );
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  const admin = new Redis(url, { maxRetriesPerRequest: 1 });
  admin.on('error', () => undefined);
  return {
    url,
    admin,
    kill,
    start,
    async stop() {
      admin.disconnect();
      await kill();
    },
  };
}
