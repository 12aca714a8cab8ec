import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ADAPTER_SETUP_TOKEN, adminToken } from '#test/support/adapter-session.ts';
import { httpRequest, killLeftovers, pollUntil, type RunningAdapter, startNodeAdapter } from '#test/support/process.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const WRITES = 300;
const BODY_LENGTH = 900_000;
/**
 * What 300 such writes may add to the server's resident memory. Before statements were kept only
 * for bound parameters, each write left its 1 MB statement in the cache: about 800 MiB more.
 */
const GROWTH_LIMIT_MIB = 256;

let dir: string | undefined;
afterEach(async () => {
  await killLeftovers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The child's resident set size, from Linux's /proc. */
function rssMiB(adapter: RunningAdapter): number {
  const status = readFileSync(`/proc/${adapter.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
}

describe.each(['better-sqlite3', 'node'])('the Node adapter on SQLite (DB_SQLITE_DRIVER=%s)', (driver) => {
  it(`keeps its resident memory within ${GROWTH_LIMIT_MIB} MiB over ${WRITES} creations of ${BODY_LENGTH}-character bodies`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'filamenta-memory-'));
    const adapter = await startNodeAdapter({
      NODE_ENV: 'development',
      SECRET_KEY,
      DB_PATH: join(dir, 'app.sqlite'),
      DB_SQLITE_DRIVER: driver,
      SETUP_TOKEN: ADAPTER_SETUP_TOKEN,
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
    });
    await pollUntil(async () => ((await httpRequest(`${adapter.url}/health/ready`)).status === 200 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'readiness',
    });
    const token = await adminToken(adapter.url);
    const before = rssMiB(adapter);
    let peak = before;
    for (let i = 0; i < WRITES; i++) {
      const body = String.fromCharCode(97 + (i % 26)).repeat(BODY_LENGTH);
      const res = await httpRequest(`${adapter.url}/api/v1/content`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: `Large ${i}`, body }),
        timeoutMs: 30_000,
      });
      expect(res.status, res.body).toBe(201);
      expect(JSON.parse(res.body)).toMatchObject({ title: `Large ${i}`, slug: `large-${i}` });
      peak = Math.max(peak, rssMiB(adapter));
    }
    expect(peak - before, `RSS went from ${before.toFixed(0)} to a peak of ${peak.toFixed(0)} MiB`).toBeLessThan(GROWTH_LIMIT_MIB);
    expect(adapter.stderr).toBe('');
  }, 240_000);
});
