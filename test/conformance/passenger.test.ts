/**
 * The HTTP contract against adapters/passenger.cjs under a real Apache 2.4 + mod_passenger
 * (test/support/apache.ts, configured as cPanel configures it), mounted at /filamenta on SQLite.
 * Apache terminates TLS as on cPanel: a second virtual host with mod_ssl (a certificate made here)
 * serves the same app, so HTTPS requests go through Apache's TLS and Passenger's own
 * X-Forwarded-Proto; the app trusts Passenger on the loopback by default (cpanel target).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Apache, createAppRoot, describeWithApache, type PassengerMount } from '../support/apache.ts';
import { httpsRequest, selfSignedCertificate } from '../support/nginx.ts';
import { freePort, httpRequest } from '../support/process.ts';
import { contractTests } from './contract.ts';
import { BASE_PATH, CONTRACT_ENV, fromIncoming } from './targets.ts';

describeWithApache('HTTP contract: Passenger under Apache (adapters/passenger.cjs at /filamenta, SQLite)', () => {
  contractTests(
    true,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'filamenta-contract-passenger-'));
      const appRoot = createAppRoot(join(dir, 'apps', 'filamenta'), { dotEnv: { SECRET_KEY: CONTRACT_ENV.SECRET_KEY } });
      const { SECRET_KEY: _secret, ...env } = CONTRACT_ENV;
      const mount = { url: BASE_PATH.slice(1), appRoot, env: { ...env, DB_TYPE: 'sqlite' } };
      const { cert: ca } = await selfSignedCertificate(join(dir, 'tls'));
      const tlsPort = await freePort();
      const apache = await Apache.start(dir, [mount], tlsVirtualHost(dir, tlsPort, mount));
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
            const headers = { Host: 'localhost', ...init.headers };
            const res =
              init.scheme === 'http'
                ? await httpRequest(apache.url(path), { method: init.method, headers, timeoutMs: 30_000 })
                : await httpsRequest(`https://127.0.0.1:${tlsPort}${path}`, { ca, method: init.method, headers });
            return fromIncoming(res.status, res.headers, res.body);
          },
        },
        stop: async () => {
          await apache.stop();
          rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
        },
      };
    },
    undefined,
    { edge: true },
  );
});

/**
 * Apache directives for an HTTPS virtual host serving `mount` as the plain one does (a <Directory>
 * inside one virtual host applies to that host only, so the block is repeated), with mod_ssl and the
 * certificate in `<dir>/tls`. Apache.start writes the Node binary for apps to `<dir>/bin/node`.
 */
function tlsVirtualHost(dir: string, port: number, mount: PassengerMount): string[] {
  const docRoot = join(dir, 'public_html');
  return [
    'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so',
    'LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so',
    `SSLSessionCache shmcb:${join(dir, 'run', 'ssl_scache')}(512000)`,
    `Listen 127.0.0.1:${port}`,
    `<VirtualHost 127.0.0.1:${port}>`,
    '  SSLEngine on',
    `  SSLCertificateFile "${join(dir, 'tls', 'fullchain.pem')}"`,
    `  SSLCertificateKeyFile "${join(dir, 'tls', 'privkey.pem')}"`,
    `  DocumentRoot "${docRoot}"`,
    `  <Directory "${docRoot}">`,
    '    Require all granted',
    '  </Directory>',
    `  <Directory "${join(docRoot, mount.url)}">`,
    `    PassengerAppRoot "${mount.appRoot}"`,
    `    PassengerBaseURI "/${mount.url}"`,
    `    PassengerNodejs "${join(dir, 'bin', 'node')}"`,
    '    PassengerAppType node',
    '    PassengerStartupFile adapters/passenger.cjs',
    ...Object.entries(mount.env ?? {}).map(([name, value]) => `    SetEnv ${name} "${value}"`),
    '  </Directory>',
    '</VirtualHost>',
  ];
}
