/**
 * The HTTP contract against the container entrypoint behind nginx: `node adapters/container.js` run
 * on the host (not the buildah image, to keep this suite to seconds; test/adapters/container.test.ts
 * runs the image) behind the real deploy/nginx template on a real nginx with TLS, at /filamenta on
 * SQLite. nginx terminates TLS, redirects plain HTTP and sets X-Request-Id and X-Forwarded-Proto.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe } from 'vitest';

import { readCompose } from '../support/compose.ts';
import { databasesRequired } from '../support/databases.ts';
import { httpsRequest, Nginx, nginxProblem, renderTemplate, selfSignedCertificate } from '../support/nginx.ts';
import { cleanEnvironment, freePort, httpRequest, killLeftovers, TestProcess } from '../support/process.ts';
import { contractTests } from './contract.ts';
import { BASE_PATH, CONTRACT_ENV, fromIncoming } from './targets.ts';

const problem = await nginxProblem();
if (problem && !databasesRequired()) console.warn(`\n*** SKIPPED the nginx contract: ${problem}. ***\n`);
const describeNginx = problem && !databasesRequired() ? describe.skip : describe;

describeNginx(
  'HTTP contract: container entrypoint behind nginx (node adapters/container.js on the host, deploy/nginx, TLS, SQLite)',
  () => {
    beforeAll(() => {
      if (problem) throw new Error(problem);
    });
    contractTests(
      true,
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'filamenta-contract-nginx-'));
        const port = await freePort();
        const app = new TestProcess(
          ['adapters/container.js'],
          cleanEnvironment({
            ...CONTRACT_ENV,
            HOST: '127.0.0.1',
            PORT: String(port),
            DB_PATH: join(dir, 'app.sqlite'),
            BASE_PATH,
            TRUST_PROXY: 'loopback',
          }),
        );
        await app.waitForLog((line) => line.msg.startsWith('Filamenta listening on'), 15_000, 'the "listening" log line');
        const { cert: ca } = await selfSignedCertificate(join(dir, 'tls'));
        const [httpPort, httpsPort] = [await freePort(), await freePort()];
        const conf = renderTemplate({
          ...(readCompose().services.nginx.environment ?? {}),
          // High enough that the contract's requests never meet the rate limit (nginx.test.ts tests it).
          RATE_LIMIT: '1000r/s',
          RATE_BURST: '1000',
          SERVER_NAME: 'localhost',
          UPSTREAM: `127.0.0.1:${port}`,
          BASE_PATH,
          BODY_LIMIT: '1m',
          LISTEN_HTTP: `127.0.0.1:${httpPort}`,
          LISTEN_HTTPS: `127.0.0.1:${httpsPort}`,
          TLS_DIR: join(dir, 'tls'),
          ACME_ROOT: dir,
        });
        const nginx = await Nginx.start(conf, httpsPort);
        return {
          target: {
            name: 'container entrypoint behind nginx',
            database: 'sqlite',
            basePath: BASE_PATH,
            host: 'localhost',
            servesUnprefixed: false,
            bareBasePath: 'redirects to the slash',
            behindTrustedProxy: 'replaces',
            supportsHttpsRedirect: true,
            request: async (path, init = {}) => {
              const headers = { Host: 'localhost', ...init.headers };
              const res =
                init.scheme === 'http'
                  ? await httpRequest(`http://127.0.0.1:${httpPort}${path}`, { method: init.method, headers })
                  : await httpsRequest(`https://127.0.0.1:${httpsPort}${path}`, { ca, method: init.method, headers });
              return fromIncoming(res.status, res.headers, res.body);
            },
          },
          stop: async () => {
            await nginx.stop();
            app.signal('SIGTERM');
            await app.waitForExit(10_000).catch(() => undefined);
            await killLeftovers();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
      undefined,
      { edge: true },
    );
  },
);
