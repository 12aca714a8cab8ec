/**
 * deploy/vps/: the systemd unit checked by systemd-analyze (verify, and the offline security score),
 * and the nginx site run for real (self-signed certificate in place of Let's Encrypt's) in front of
 * `node adapters/node.js` on loopback.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '#src/config.ts';
import { APP_ROOT } from '#test/support/child.ts';
import { databasesRequired } from '#test/support/databases.ts';
import {
  freePort,
  httpRequest,
  type HttpResult,
  killLeftovers,
  pollUntil,
  type RunningAdapter,
  startNodeAdapter,
} from '#test/support/process.ts';

const UNIT = readFileSync(join(APP_ROOT, 'deploy/vps/filamenta.service'), 'utf8');
const SITE = readFileSync(join(APP_ROOT, 'deploy/vps/filamenta.nginx.conf'), 'utf8');
const SERVER_NAME = 'api.example.com';
const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';

/** A tool missing here fails under REQUIRE_DATABASES=1 (CI installs it) and skips loudly otherwise. */
function describeWithTools(name: string, tools: string[], fn: () => void): void {
  const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (!missing.length) {
    describe(name, fn);
    return;
  }
  const problem = `${missing.join(', ')} not installed (.ci/run installs them with apt-get)`;
  if (!databasesRequired()) {
    console.warn(`\n*** SKIPPED "${name}": ${problem}. Set REQUIRE_DATABASES=1 to make this a failure. ***\n`);
    describe.skip(name, fn);
    return;
  }
  describe(name, () => {
    it(`needs ${missing.join(', ')}`, () => {
      throw new Error(problem);
    });
  });
}

/** `text` with each `[from, to]` replaced, each required to match exactly `count` times. */
function substitute(text: string, replacements: [string, string, number?][]): string {
  for (const [from, to, count = 1] of replacements) {
    const found = text.split(from).length - 1;
    if (found !== count) throw new Error(`expected "${from}" ${count} time(s) in the file, found ${found}: update the test's substitution`);
    text = text.split(from).join(to);
  }
  return text;
}

/** Environment= lines of the unit, as the service sees them before /etc/filamenta/env. */
function unitEnvironment(unit: string): Record<string, string> {
  return Object.fromEntries([...unit.matchAll(/^Environment=(\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
}

const unitValue = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(UNIT)?.[1];

describeWithTools('deploy/vps/filamenta.service', ['systemd-analyze'], () => {
  let dir: string;
  let unitPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'filamenta-unit-'));
    unitPath = join(dir, 'filamenta.service');
    // verify checks that ExecStart's binary exists: this machine's node stands in for /usr/bin/node.
    writeFileSync(unitPath, substitute(UNIT, [['ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `]]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes systemd-analyze verify without a single warning', () => {
    const r = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8', cwd: dir });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('systemd-analyze verify notices a misspelt directive (the check above can fail)', () => {
    const bad = join(dir, 'misspelt.service');
    writeFileSync(bad, readFileSync(unitPath, 'utf8').replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    const r = spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toMatch(/Unknown key 'NoNewPrivilege'/);
  });

  it('scores "OK" (exposure 2.0 or less) in systemd-analyze security', () => {
    const out = execFileSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', unitPath], { encoding: 'utf8', cwd: dir });
    const score = Number(/Overall exposure level for filamenta\.service: ([\d.]+)/.exec(out)?.[1]);
    expect(score, out).toBeLessThanOrEqual(2);
  });

  it('gives the app a valid production configuration: vps target, loopback proxy, SQLite in the state directory', () => {
    const env = unitEnvironment(UNIT);
    const config = loadConfig({ ...env, SECRET_KEY, DB_TYPE: 'sqlite' }, { appRoot: '/opt/filamenta' });
    expect(config).toMatchObject({ env: 'production', target: 'vps', host: '127.0.0.1', port: 3000, trustProxy: ['loopback'] });
    expect(config.migrateOnStart).toBe(true);
    expect(config.db.path).toBe(`/var/lib/${unitValue('StateDirectory')}/filamenta.sqlite`);
    expect(unitValue('ProtectSystem')).toBe('strict');
    expect(UNIT).not.toMatch(/^ReadWritePaths=/m); // the state directory is the only writable place
  });

  it('waits longer than the app drains before SIGKILL, and does not restart on a bad configuration (78)', () => {
    const drainMs = loadConfig({ ...unitEnvironment(UNIT), SECRET_KEY }).shutdownTimeoutMs;
    const stopMs = Number(/^(\d+)s$/.exec(unitValue('TimeoutStopSec') ?? '')?.[1]) * 1000;
    expect(stopMs).toBeGreaterThanOrEqual(drainMs + 5000);
    expect(unitValue('KillSignal')).toBe('SIGTERM');
    expect(unitValue('Restart')).toBe('on-failure');
    expect(unitValue('RestartPreventExitStatus')).toBe('78');
  });
});

/** One HTTPS request to nginx from `localAddress`, checking the certificate against `ca`. */
function httpsRequest(
  port: number,
  path: string,
  options: { ca: string; localAddress?: string; method?: string; headers?: Record<string, string | number> },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        servername: SERVER_NAME,
        ca: options.ca,
        localAddress: options.localAddress,
        headers: { Host: SERVER_NAME, ...options.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, endedAt: performance.now() }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from nginx on ${port}${path}`)));
    req.once('error', reject);
    // With Expect: 100-continue the body is sent only if nginx asks for it.
    if (options.headers?.Expect) req.once('continue', () => req.end(Buffer.alloc(Number(options.headers?.['Content-Length']))));
    else req.end();
  });
}

describeWithTools('deploy/vps/filamenta.nginx.conf in front of node adapters/node.js', ['nginx', 'openssl'], () => {
  let dir: string;
  let nginx: ChildProcess | undefined;
  let nginxOutput = '';
  let app: RunningAdapter;
  let ca: string;
  let httpPort: number;
  let httpsPort: number;
  let nginxConf: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'filamenta-nginx-'));
    // nginx started as root runs its workers as nobody: they must reach the webroot and temp folders.
    chmodSync(dir, 0o755);
    const tls = join(dir, 'tls');
    const webroot = join(dir, 'webroot');
    mkdirSync(tls);
    mkdirSync(join(webroot, '.well-known/acme-challenge'), { recursive: true });
    writeFileSync(join(webroot, '.well-known/acme-challenge/token-123'), 'token-123.key-authorization');
    chmodSync(webroot, 0o755);
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${SERVER_NAME}`,
      '-addext', `subjectAltName=DNS:${SERVER_NAME}`, '-keyout', join(tls, 'privkey.pem'), '-out', join(tls, 'fullchain.pem'),
    ], { stdio: 'pipe' }); // prettier-ignore
    ca = readFileSync(join(tls, 'fullchain.pem'), 'utf8');

    app = await startNodeAdapter({
      NODE_ENV: 'production',
      SECRET_KEY,
      DEPLOYMENT_TARGET: 'vps',
      TRUST_PROXY: 'loopback',
      FORCE_HTTPS: 'true',
      MIGRATE_ON_START: 'true',
      DB_PATH: join(dir, 'filamenta.sqlite'),
      LOG_LEVEL: 'info',
    });
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    const site = substitute(SITE, [
      ['listen 80;', `listen 127.0.0.1:${httpPort};`],
      ['listen [::]:80;\n', ''],
      ['listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`],
      ['listen [::]:443 ssl http2;\n', ''],
      [`/etc/letsencrypt/live/${SERVER_NAME}/`, `${tls}/`, 2],
      ['root /var/www/letsencrypt;', `root ${webroot};`],
      ['server 127.0.0.1:3000;', `server 127.0.0.1:${app.port};`],
    ]);
    writeFileSync(join(dir, 'filamenta.conf'), site);
    // The least an nginx.conf needs around the site, everything inside the temp folder.
    nginxConf = join(dir, 'nginx.conf');
    writeFileSync(
      nginxConf,
      [
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'worker_processes 1;',
        'events { worker_connections 64; }',
        'http {',
        `  access_log ${dir}/access.log;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t}_temp;`),
        `  include ${dir}/filamenta.conf;`,
        '}',
        '',
      ].join('\n'),
    );
    const test = spawnSync('nginx', ['-t', '-p', dir, '-e', `${dir}/error.log`, '-c', nginxConf], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
    nginx = spawn('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', nginxConf, '-g', 'daemon off;'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nginx.stderr?.setEncoding('utf8').on('data', (c: string) => (nginxOutput += c));
    await pollUntil(
      () =>
        httpRequest(`http://127.0.0.1:${httpPort}/`).then(
          (r) => r.status || undefined,
          () => undefined,
        ),
      {
        timeoutMs: 10_000,
        what: 'nginx to answer',
        stopIf: () => (nginx?.exitCode != null ? `nginx exited ${nginx.exitCode}: ${nginxOutput}` : undefined),
      },
    );
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('close', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await killLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app's request log line for a response nginx relayed (matched by the request id). */
  const appLogFor = (res: HttpResult) =>
    pollUntil(() => app.logs.find((l) => l.msg === 'request' && l.requestId === res.headers['x-request-id']), {
      timeoutMs: 5000,
      what: `the app's log line for request ${String(res.headers['x-request-id'])}`,
    });

  it('passes nginx -t', () => {
    const r = spawnSync('nginx', ['-t', '-p', dir, '-e', `${dir}/error.log`, '-c', nginxConf], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/syntax is ok/);
    expect(r.status).toBe(0);
  });

  it('the part installed before certbot has run (up to the HTTPS marker) passes nginx -t on its own', () => {
    const site = readFileSync(join(dir, 'filamenta.conf'), 'utf8');
    const marker = site.indexOf('# ---- HTTPS');
    expect(marker).toBeGreaterThan(0);
    const httpOnly = join(dir, 'http-only.conf');
    writeFileSync(join(dir, 'filamenta-http.conf'), site.slice(0, marker));
    writeFileSync(
      httpOnly,
      readFileSync(nginxConf, 'utf8')
        .replace(`${dir}/filamenta.conf`, `${dir}/filamenta-http.conf`)
        .replace(`pid ${dir}/nginx.pid`, `pid ${dir}/http-only.pid`),
    );
    const r = spawnSync('nginx', ['-t', '-p', dir, '-e', `${dir}/error.log`, '-c', httpOnly], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/syntax is ok/);
    expect(r.status).toBe(0);
    expect(site.slice(0, marker)).not.toMatch(/ssl_certificate/);
  });

  it('redirects plain HTTP to HTTPS, except the ACME challenge certbot --webroot writes', async () => {
    const redirect = await httpRequest(`http://127.0.0.1:${httpPort}/api/v1/version?x=1`, { headers: { Host: SERVER_NAME } });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${SERVER_NAME}/api/v1/version?x=1`);
    const challenge = await httpRequest(`http://127.0.0.1:${httpPort}/.well-known/acme-challenge/token-123`, {
      headers: { Host: SERVER_NAME },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toBe('token-123.key-authorization');
  });

  it('serves the API over HTTPS: the app sees the client address, HTTPS (HSTS, no redirect) and nginx request id', async () => {
    const res = await httpsRequest(httpsPort, '/api/v1/version', {
      ca,
      localAddress: '127.0.0.2',
      headers: { 'X-Forwarded-For': '192.0.2.66' },
    });
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ name: 'filamenta' });
    // FORCE_HTTPS is on: no redirect means the app believed X-Forwarded-Proto; HSTS is sent on HTTPS only.
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept by the app
    // The client's own address (127.0.0.2, not nginx's 127.0.0.1), never the X-Forwarded-For it sent.
    expect(await appLogFor(res)).toMatchObject({ ip: '127.0.0.2', status: 200, path: '/api/v1/version' });
  });

  it('the same request straight to the app, without nginx, is redirected: the HTTPS above came from nginx', async () => {
    const direct = await httpRequest(`${app.url}/api/v1/version`, { headers: { Host: SERVER_NAME } });
    expect([301, 308]).toContain(direct.status);
    expect(direct.headers.location).toBe(`https://${SERVER_NAME}/api/v1/version`);
  });

  it('refuses a body over client_max_body_size (10m) in nginx, before the app', async () => {
    const res = await httpsRequest(httpsPort, '/api/v1/version', {
      ca,
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': 10 * 1024 * 1024 + 1, Expect: '100-continue' },
    });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/text\/html/); // nginx's page, not the app's problem+json
    const check = await httpsRequest(httpsPort, '/api/v1/version', { ca }); // logged after the POST would have been
    await appLogFor(check);
    expect(app.logs.filter((l) => l.msg === 'request' && l.method === 'POST')).toEqual([]);
  });
});
