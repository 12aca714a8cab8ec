/**
 * The HTTP contract against adapters/passenger.cjs under a real Apache 2.4 + mod_passenger
 * (test/support/apache.ts, configured as cPanel configures it), mounted at /filamenta on SQLite.
 * The test Apache has no TLS: an HTTPS request carries the X-Forwarded-Proto: https that Apache's
 * mod_ssl makes Passenger send, and the app trusts Passenger on the loopback by default (cpanel).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Apache, createAppRoot, describeWithApache } from '../support/apache.ts';
import { httpRequest } from '../support/process.ts';
import { contractTests } from './contract.ts';
import { BASE_PATH, CONTRACT_ENV, fromIncoming } from './targets.ts';

describeWithApache('HTTP contract: Passenger under Apache (adapters/passenger.cjs at /filamenta, SQLite)', () => {
  contractTests(true, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-contract-passenger-'));
    const appRoot = createAppRoot(join(dir, 'apps', 'filamenta'), { dotEnv: { SECRET_KEY: CONTRACT_ENV.SECRET_KEY } });
    const { SECRET_KEY: _secret, ...env } = CONTRACT_ENV;
    const apache = await Apache.start(dir, [{ url: BASE_PATH.slice(1), appRoot, env: { ...env, DB_TYPE: 'sqlite' } }]);
    return {
      target: {
        name: 'Passenger under Apache',
        database: 'sqlite',
        basePath: BASE_PATH,
        host: 'localhost',
        servesUnprefixed: false,
        bareBasePath: 'answers',
        behindTrustedProxy: 'forwards',
        supportsHttpsRedirect: true,
        request: async (path, init = {}) => {
          const headers = { Host: 'localhost', ...(init.scheme === 'http' ? {} : { 'X-Forwarded-Proto': 'https' }), ...init.headers };
          // The first request spawns the app.
          const res = await httpRequest(apache.url(path), { method: init.method, headers, timeoutMs: 30_000 });
          return fromIncoming(res.status, res.headers, res.body);
        },
      },
      stop: async () => {
        await apache.stop();
        rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
      },
    };
  });
});
