/**
 * The HTTP contract in process: `app.request()` on an app built as the adapters build it, the test
 * standing in for a trusted proxy on 127.0.0.1 (it sends X-Forwarded-Proto and X-Request-Id).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe } from 'vitest';

import { buildTestApp } from '../support/app.ts';
import { contractTests } from './contract.ts';
import { BASE_PATH, CONTRACT_ENV, fromFetch, TEST_AS_PROXY } from './targets.ts';

describe('HTTP contract: in process (app.request(), SQLite, the test as a trusted proxy)', () => {
  contractTests(true, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-contract-'));
    const { app, close } = await buildTestApp(
      { ...CONTRACT_ENV, LOG_LEVEL: 'silent', DB_TYPE: 'sqlite', DB_PATH: join(dir, 'app.sqlite'), BASE_PATH, TRUST_PROXY: 'loopback' },
      { remoteAddress: () => '127.0.0.1' },
    );
    return {
      target: {
        name: 'in process',
        ...TEST_AS_PROXY,
        request: async (path, init = {}) =>
          fromFetch(
            await app.request(`http://localhost${path}`, {
              method: init.method ?? 'GET',
              headers: { 'X-Forwarded-Proto': init.scheme ?? 'https', ...init.headers },
            }),
          ),
      },
      stop: async () => {
        await close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
