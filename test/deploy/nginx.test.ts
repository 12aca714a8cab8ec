/**
 * deploy/nginx/filamenta.conf.template on a real nginx (Debian package) in front of the real Node
 * adapter, on loopback, with and without a path prefix: TLS with a certificate made here, the
 * HTTP -> HTTPS redirect, the client's address and scheme reaching the app, HSTS on HTTPS only,
 * the body limit and rate limiting.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { APP_ROOT } from '#test/support/child.ts';
import { readCompose } from '#test/support/compose.ts';
import { databasesRequired } from '#test/support/databases.ts';
import { httpsRequest, Nginx, nginxProblem, renderTemplate, selfSignedCertificate } from '#test/support/nginx.ts';
import { freePort, httpRequest, killLeftovers, type RunningAdapter, startNodeAdapter } from '#test/support/process.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
/** The client's address: the test connects from here, nginx from 127.0.0.1. */
const CLIENT = '127.0.0.2';
const BODY_LIMIT = '4k';
/** Low enough that 20 requests at once overflow it even on a slow machine (5 + 2 per second pass). */
const RATE = { RATE_LIMIT: '2r/s', RATE_BURST: '4' };

const problem = await nginxProblem();
if (problem && !databasesRequired()) console.warn(`\n*** SKIPPED the nginx tests: ${problem}. ***\n`);
const describeNginx = problem && !databasesRequired() ? describe.skip : describe;

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-tls-'));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  await killLeftovers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The nginx environment compose.yaml gives the template. */
const composeNginxEnvironment = (): Record<string, string> => readCompose().services.nginx.environment ?? {};

describeNginx('nginx configuration (deploy/nginx)', () => {
  beforeAll(() => {
    if (problem) throw new Error(problem);
  });

  it('passes nginx -t as compose.yaml renders it (with a local upstream and certificate)', async () => {
    const tls = tempDir();
    await selfSignedCertificate(tls);
    const env = {
      ...composeNginxEnvironment(),
      UPSTREAM: '127.0.0.1:3000',
      TLS_DIR: tls,
      LISTEN_HTTP: '127.0.0.1:8080',
      LISTEN_HTTPS: '127.0.0.1:8443',
    };
    const result = await Nginx.check(renderTemplate(env));
    expect(result.output).toMatch(/syntax is ok/);
    expect(result.code).toBe(0);
  });

  it('fails nginx -t when the certificate is missing (the check can fail)', async () => {
    const env = { ...composeNginxEnvironment(), UPSTREAM: '127.0.0.1:3000', TLS_DIR: join(tempDir(), 'none') };
    const result = await Nginx.check(renderTemplate(env));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/fullchain\.pem/);
  });

  it('tls-fallback.sh writes a self-signed certificate only when none is there', async () => {
    const dir = join(tempDir(), 'tls');
    const script = join(APP_ROOT, 'deploy/nginx/tls-fallback.sh');
    const env = { PATH: process.env.PATH ?? '', TLS_DIR: dir, SERVER_NAME: 'api.example.com' };
    const first = await promisify(execFile)(script, [], { env });
    expect(first.stdout).toMatch(/self-signed/);
    const cert = readFileSync(join(dir, 'fullchain.pem'), 'utf8');
    const subject = await promisify(execFile)('openssl', ['x509', '-noout', '-subject', '-in', join(dir, 'fullchain.pem')]);
    expect(subject.stdout).toMatch(/CN ?= ?api\.example\.com/);
    expect(existsSync(join(dir, 'privkey.pem'))).toBe(true);
    const second = await promisify(execFile)(script, [], { env });
    expect(second.stdout).toBe('');
    expect(readFileSync(join(dir, 'fullchain.pem'), 'utf8')).toBe(cert);
  });
});

for (const basePath of ['', '/filamenta']) {
  describeNginx(`nginx in front of the app${basePath ? ` under ${basePath}` : ' at the root'}`, () => {
    let app: RunningAdapter;
    let nginx: Nginx;
    let ca: string;
    let http: string;
    let https: string;

    beforeAll(async () => {
      if (problem) throw new Error(problem);
      app = await startNodeAdapter({
        NODE_ENV: 'production',
        SECRET_KEY,
        LOG_LEVEL: 'info',
        MIGRATE_ON_START: 'true',
        DB_PATH: join(tempDir(), 'app.sqlite'),
        TRUST_PROXY: 'loopback',
        BASE_PATH: basePath,
        BODY_LIMIT,
      });
      const tls = tempDir();
      ca = (await selfSignedCertificate(tls)).cert;
      const [httpPort, httpsPort] = [await freePort(), await freePort()];
      const conf = renderTemplate({
        ...composeNginxEnvironment(),
        ...RATE,
        SERVER_NAME: 'localhost',
        UPSTREAM: `127.0.0.1:${app.port}`,
        BASE_PATH: basePath,
        BODY_LIMIT,
        LISTEN_HTTP: `127.0.0.1:${httpPort}`,
        LISTEN_HTTPS: `127.0.0.1:${httpsPort}`,
        TLS_DIR: tls,
        ACME_ROOT: tempDir(),
      });
      nginx = await Nginx.start(conf, httpsPort);
      http = `http://127.0.0.1:${httpPort}`;
      https = `https://127.0.0.1:${httpsPort}`;
    });

    afterAll(async () => {
      await nginx?.stop();
      app?.signal('SIGTERM');
    });

    it('redirects plain HTTP to HTTPS, keeping the path and query, without HSTS', async () => {
      const res = await httpRequest(`${http}${basePath}/api/v1/version?x=1`, { headers: { Host: 'localhost' } });
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe(`https://localhost${basePath}/api/v1/version?x=1`);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('proxies HTTPS to the app with X-Forwarded-Proto and the client address; HSTS comes once', async () => {
      const res = await httpsRequest(`${https}${basePath}/api/v1/version`, {
        ca,
        from: CLIENT,
        headers: { 'X-Forwarded-For': '203.0.113.9' },
      });
      expect(res.status, res.body).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ name: 'filamenta', database: { type: 'sqlite' } });
      // The app sends HSTS only when it believes the request came over HTTPS: X-Forwarded-Proto arrived.
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.rawHeaders.filter((h) => h.toLowerCase() === 'strict-transport-security')).toHaveLength(1);
      // nginx's $request_id, kept by the app because nginx is a trusted proxy.
      const requestId = String(res.headers['x-request-id']);
      expect(requestId).toMatch(/^[0-9a-f]{32}$/);
      const line = await app.waitForLog((l) => l.msg === 'request' && l.requestId === requestId, 5_000, 'the request log line');
      // The client's own address, not nginx's (127.0.0.1) nor the X-Forwarded-For it made up; the
      // app logs the path as the client sent it, base path included.
      expect(line).toMatchObject({ ip: CLIENT, path: `${basePath}/api/v1/version`, status: 200 });
    });

    it('gives the app the public prefix for its links', async () => {
      const res = await httpsRequest(`${https}${basePath}/`, { ca, from: CLIENT });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ health: `${basePath}/health` });
    });

    it('answers 413 for a body over the limit and passes one under it to the app', async () => {
      const over = await httpsRequest(`${https}${basePath}/api/v1/version`, { ca, method: 'POST', body: Buffer.alloc(4 * 1024 + 1, 'x') });
      expect(over.status).toBe(413);
      const under = await httpsRequest(`${https}${basePath}/api/v1/version`, { ca, method: 'POST', body: Buffer.alloc(1024, 'x') });
      // The app's own answer (a problem document), so the body got through.
      expect(under.status).toBe(405);
      expect(under.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('rate-limits a client past RATE_LIMIT and its burst with 429', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => httpsRequest(`${https}${basePath}/health`, { ca, from: '127.0.0.3' }).then((r) => r.status)),
      );
      const limited = statuses.filter((s) => s === 429).length;
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      expect(limited).toBeGreaterThanOrEqual(10);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      // Another client is not affected.
      expect((await httpsRequest(`${https}${basePath}/health`, { ca, from: '127.0.0.4' })).status).toBe(200);
    });
  });
}
