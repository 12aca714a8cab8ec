/**
 * The HTTP contract against `node adapters/node.js` on a real port (SQLite), the test standing in
 * for a trusted proxy on the loopback: it sends X-Forwarded-Proto and X-Request-Id itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe } from 'vitest';

import { httpRequest, killLeftovers, startNodeAdapter } from '../support/process.ts';
import { contractTests } from './contract.ts';
import { BASE_PATH, CONTRACT_ENV, fromIncoming, TEST_AS_PROXY } from './targets.ts';

describe('HTTP contract: Node server (node adapters/node.js on a real port, SQLite, the test as a trusted proxy)', () => {
  contractTests(true, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-contract-'));
    const adapter = await startNodeAdapter({ ...CONTRACT_ENV, DB_PATH: join(dir, 'app.sqlite'), BASE_PATH, TRUST_PROXY: 'loopback' });
    return {
      target: {
        name: 'Node server',
        ...TEST_AS_PROXY,
        request: async (path, init = {}) => {
          const headers = { Host: 'localhost', 'X-Forwarded-Proto': init.scheme ?? 'https', ...init.headers };
          const res = await httpRequest(`${adapter.url}${path}`, { method: init.method, headers });
          return fromIncoming(res.status, res.headers, res.body);
        },
      },
      stop: async () => {
        adapter.signal('SIGTERM');
        await adapter.waitForExit(10_000).catch(() => undefined);
        await killLeftovers();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
