/**
 * adapters/passenger.cjs under a real Apache 2.4 + mod_passenger, configured as cPanel's "Setup
 * Node.js App" configures it (see test/support/apache.ts): an app at the domain root and one at the
 * sub-URI /filamenta, SetEnv variables, `.env` in the app root, restarts through tmp/restart.txt,
 * idle processes shut down and spawned again, start-up failures in the Passenger log, the bundled
 * dist/passenger.cjs, and SQLite, MariaDB and PostgreSQL behind it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MINIMUM } from '../../adapters/node-version.cjs';
import {
  Apache,
  appRootFromArchive,
  createAppRoot,
  describeWithApache,
  giveToAccount,
  isAlive,
  type PassengerMount,
} from '../support/apache.ts';
import { provisionDatabase, type ProvisionedDb } from '../support/databases.ts';
import { describeEachDatabase } from '../support/matrix.ts';
import { freePort, httpRequest, type HttpResult, pollUntil } from '../support/process.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
/** A Node older than the app needs, for cPanel's "Node.js version" chosen too old: Debian 12 ships 20. */
const OLD_NODE = process.env.TEST_OLD_NODE ?? '/usr/bin/node';
/** A value only SetEnv knows: it travels in Passenger's `!~passenger-envvars` header on every request. */
const SETENV_SECRET = `setenv-secret-${Math.random().toString(36).slice(2)}-never-logged`;
const PROBLEM_JSON = 'application/problem+json';
const STARTED = /^Filamenta listening on unix:/;

const body = (res: HttpResult) => JSON.parse(res.body);

/** A folder for one suite (made when first used), removed after it. */
function suiteDir(): { readonly path: string; remove(): void } {
  let path: string | undefined;
  return {
    get path() {
      path ??= mkdtempSync(join(tmpdir(), 'filamenta-passenger-'));
      return path;
    },
    remove: () => path && rmSync(path, { recursive: true, force: true, maxRetries: 5 }),
  };
}

/** The pid of the app process that logged the request with this X-Request-Id. */
async function servedBy(apache: Apache, res: HttpResult): Promise<number> {
  const requestId = res.headers['x-request-id'];
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const line = await apache.waitForAppLog((l) => l.requestId === requestId && l.msg === 'request', 5000, `the log line of ${requestId}`);
  return line.appPid;
}

/**
 * An Apache for one describe block: `setup` (in beforeAll) writes the app roots into the suite's
 * folder and starts it; afterAll stops it, runs `cleanup` and removes the folder.
 */
function useApache(setup: (dir: string) => Promise<Apache>, cleanup?: () => Promise<void>): () => Apache {
  const dir = suiteDir();
  let apache: Apache | undefined;
  beforeAll(async () => {
    apache = await setup(dir.path);
  });
  afterAll(async () => {
    await apache?.stop();
    await cleanup?.();
    dir.remove();
  });
  return () => {
    if (!apache) throw new Error('Apache did not start (see beforeAll)');
    return apache;
  };
}

/** Polls `path` until it answers 200 (readiness, a respawn), and returns that answer. */
const answering = (apache: Apache, path: string) =>
  pollUntil(
    async () => {
      const res = await get(apache, path);
      return res.status === 200 ? res : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `${path} to answer 200` },
  );

/** GET with Passenger's cold start in mind: the first request spawns the app. */
const get = (apache: Apache, path: string, headers: Record<string, string> = {}) =>
  httpRequest(apache.url(path), { headers, timeoutMs: 30_000 });

describeWithApache('adapters/passenger.cjs under Apache + mod_passenger, as cPanel sets it up', () => {
  let apache: Apache;
  let rootApp: string;
  let subApp: string;

  const started = useApache(async (dir) => {
    rootApp = createAppRoot(join(dir, 'apps', 'root'), { dotEnv: { SECRET_KEY, MIGRATE_ON_START: 'true' } });
    // The sub-URI app takes its secret and log level from .env; its database type there loses to SetEnv.
    subApp = createAppRoot(join(dir, 'apps', 'filamenta'), {
      dotEnv: { SECRET_KEY, LOG_LEVEL: 'debug', MIGRATE_ON_START: 'true', DB_TYPE: 'postgresql' },
    });
    // The upload: `npm run build` and `npm run package:cpanel` in a checkout, the archive extracted.
    const checkout = createAppRoot(join(dir, 'checkout'), { build: true, copy: ['package-lock.json', 'scripts', '.env.example'] });
    const archive = packageCpanel(checkout, join(dir, 'upload.tar.gz'));
    const uploaded = appRootFromArchive(archive, join(dir, 'apps', 'uploaded'));
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    const mounts: PassengerMount[] = [
      {
        url: '',
        appRoot: rootApp,
        // Apache merges a folder's SetEnv into its sub-folders, so every app below inherits these (as on cPanel).
        env: { DB_TYPE: 'sqlite', FILAMENTA_TEST_TOKEN: SETENV_SECRET, CORS_ORIGINS: 'https://root.example' },
      },
      { url: 'filamenta', appRoot: subApp, env: { DB_TYPE: 'sqlite', TRUST_PROXY: '127.0.0.1' } },
      // The archive with dist/ in it, started from the bundle.
      { url: 'bundled', appRoot: uploaded, startupFile: 'dist/passenger.cjs', env: { SECRET_KEY, MIGRATE_ON_START: 'true' } },
      {
        url: 'broken',
        appRoot: createAppRoot(join(dir, 'apps', 'broken')),
        env: { SECRET_KEY, DB_TYPE: 'oracle', DB_POOL_MAX: 'many' },
      },
      {
        url: 'locked',
        appRoot: createAppRoot(join(dir, 'apps', 'locked')),
        env: { SECRET_KEY, DB_PATH: join(locked, 'db', 'app.sqlite') },
      },
      // cPanel's Node.js version set to one older than the app needs (Debian 12's Node 20), from the
      // sources and from the bundle.
      { url: 'oldnode', appRoot: createAppRoot(join(dir, 'apps', 'oldnode')), nodejs: OLD_NODE, env: { SECRET_KEY } },
      {
        url: 'oldnode-bundled',
        appRoot: appRootFromArchive(archive, join(dir, 'apps', 'oldnode-bundled')),
        startupFile: 'dist/passenger.cjs',
        nodejs: OLD_NODE,
        env: { SECRET_KEY },
      },
      // PostgreSQL on a port where nothing listens, waited for a minute.
      {
        url: 'nodb',
        appRoot: createAppRoot(join(dir, 'apps', 'nodb')),
        env: { SECRET_KEY, DB_TYPE: 'postgresql', DB_HOST: '127.0.0.1', DB_PORT: String(await freePort()), DB_CONNECT_TIMEOUT_MS: '60000' },
      },
    ];
    // Check tmp/restart.txt on every request (Passenger's default: at most every 10 s).
    return Apache.start(dir, mounts, ['PassengerStatThrottleRate 0']);
  });
  beforeAll(() => {
    apache = started();
  });

  it('serves the API at the domain root: health, readiness, version, problem+json 404/405 and X-Request-Id', async () => {
    const health = await get(apache, '/health');
    expect(health.status).toBe(200);
    expect(body(health)).toMatchObject({ status: 'ok' });
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await answering(apache, '/health/ready');
    expect(body(ready)).toMatchObject({ status: 'ready', database: { type: 'sqlite', ok: true }, migrations: { pending: 0 } });

    const version = await get(apache, '/api/v1/version');
    expect(version.status).toBe(200);
    expect(body(version)).toMatchObject({ name: 'filamenta', node: process.versions.node, database: { type: 'sqlite' } });

    const missing = await get(apache, '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe(PROBLEM_JSON);
    expect(body(missing)).toMatchObject({ status: 404, requestId: missing.headers['x-request-id'] });

    const wrongMethod = await httpRequest(apache.url('/health'), { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['content-type']).toBe(PROBLEM_JSON);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');

    // Passenger's loader was in charge: it took listen() (a unix socket) and set the cpanel target.
    const pid = await servedBy(apache, version);
    const started = apache.appLogs().filter((l) => l.appPid === pid && STARTED.test(l.msg));
    expect(started).toEqual([expect.objectContaining({ target: 'cpanel', database: 'sqlite', basePath: '', pid })]);
    expect(apache.appOutput().filter((l) => l.pid === pid && !l.text.startsWith('{'))).toEqual([]);
  });

  it('serves the sub-URI app at /filamenta, with and without the trailing slash, PASSENGER_BASE_URI as its base path', async () => {
    for (const path of ['/filamenta', '/filamenta/']) {
      const res = await get(apache, path);
      expect(res.status, path).toBe(200);
      expect(body(res)).toEqual({ name: 'filamenta', version: expect.any(String), health: '/filamenta/health' });
    }
    for (const path of ['/filamenta/health', '/filamenta/health/', '/filamenta/health/ready', '/filamenta/api/v1/version/']) {
      const res = await get(apache, path);
      expect(res.status, `${path}\n${res.body}`).toBe(200);
    }
    const missing = await get(apache, '/filamenta/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe(PROBLEM_JSON);

    const version = await get(apache, '/filamenta/api/v1/version');
    const pid = await servedBy(apache, version);
    expect(apache.appLogs().filter((l) => l.appPid === pid && STARTED.test(l.msg))).toEqual([
      expect.objectContaining({ basePath: '/filamenta', target: 'cpanel' }),
    ]);
    // A different process from the domain-root app.
    expect(pid).not.toBe(await servedBy(apache, await get(apache, '/api/v1/version')));
  });

  it('reads .env from the app root, and the SetEnv values win over it', async () => {
    // SECRET_KEY comes only from .env: without it a production start fails.
    const version = await get(apache, '/filamenta/api/v1/version');
    expect(version.status).toBe(200);
    // .env says postgresql, SetEnv says sqlite.
    expect(body(version).database.type).toBe('sqlite');
    // LOG_LEVEL=debug from .env: health probes are logged (at info they are not).
    const health = await get(apache, '/filamenta/health');
    const requestId = health.headers['x-request-id'];
    const line = await apache.waitForAppLog((l) => l.requestId === requestId, 5000, 'the debug line of a health probe');
    expect(line).toMatchObject({ level: 'debug', path: '/filamenta/health', status: 200 });
  });

  it("passes the domain-root app's SetEnv variables on to the app in a sub-folder (Apache merges <Directory> settings)", async () => {
    // CORS_ORIGINS is set only on the domain-root app.
    const sub = await get(apache, '/filamenta/health', { Origin: 'https://root.example' });
    expect(sub.headers['access-control-allow-origin']).toBe('https://root.example');
    const other = await get(apache, '/filamenta/health', { Origin: 'https://elsewhere.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes the client address from the X-Forwarded-For Passenger sets, after a client-sent one', async () => {
    // Passenger's loader reports the peer of its unix socket as 127.0.0.1: the default TRUST_PROXY
    // for cpanel (loopback, 127.0.0.0/8 and ::1) trusts it, and a client on the loopback too.
    const plain = await get(apache, '/api/v1/version');
    const forwarded = await get(apache, '/api/v1/version', { 'X-Forwarded-For': '203.0.113.7' });
    // With TRUST_PROXY=127.0.0.1 a client on 127.0.0.2 is not trusted: Passenger appends the real peer
    // after the client's own header, and that is the address the app takes.
    const other = await httpRequestFrom('127.0.0.2', apache.url('/filamenta/api/v1/version'), { 'X-Forwarded-For': '198.51.100.1' });
    const ipOf = async (res: HttpResult) => {
      const id = res.headers['x-request-id'];
      return (await apache.waitForAppLog((l) => l.requestId === id && l.msg === 'request', 5000, 'the request line')).ip;
    };
    expect(await ipOf(plain)).toBe('127.0.0.1');
    expect(await ipOf(forwarded)).toBe('203.0.113.7');
    expect(await ipOf(other)).toBe('127.0.0.2');
  });

  it('never writes the SetEnv values (sent in the !~passenger-envvars header) to any log', async () => {
    // Requests of every kind the app logs: ok, 404, 405, and the debug-level health line of the sub-URI app.
    for (const path of ['/api/v1/version', '/api/v1/nothing', '/filamenta/health', '/filamenta/api/v1/nothing'])
      expect((await get(apache, path)).status).toBeLessThan(500);
    expect((await httpRequest(apache.url('/api/v1/version'), { method: 'POST', body: 'x' })).status).toBe(405);
    const everything = apache.passengerLog() + apache.errorLog();
    expect(everything).toContain('"msg":"request"');
    // The header carries base64 of NAME\0VALUE\0...: look for the value and its three base64 alignments.
    const encodings = [0, 1, 2].map((shift) =>
      Buffer.from('\0'.repeat(shift) + SETENV_SECRET)
        .toString('base64')
        .slice(4, 24),
    );
    for (const needle of [SETENV_SECRET, SECRET_KEY, 'passenger-envvars', ...encodings]) expect(everything).not.toContain(needle);
  });

  it('restarts on touch tmp/restart.txt: the old process drains on Passenger exit and a new one serves', async () => {
    const before = await servedBy(apache, await get(apache, '/api/v1/version'));
    writeFileSync(join(rootApp, 'tmp', 'restart.txt'), String(Date.now()));
    giveToAccount(join(rootApp, 'tmp'));

    const after = await servedBy(apache, await get(apache, '/api/v1/version'));
    expect(after).not.toBe(before);
    const stopped = await apache.waitForAppLog(
      (l) => l.appPid === before && l.msg === 'shutdown complete',
      15_000,
      'the old process to drain',
    );
    expect(stopped).toMatchObject({ forced: false });
    expect(apache.appLogs().filter((l) => l.appPid === before && l.msg === 'stop requested')).toEqual([
      expect.objectContaining({ signal: 'passenger exit' }),
    ]);
    await pollUntil(() => (isAlive(before) ? undefined : true), { timeoutMs: 10_000, what: `pid ${before} to exit` });
    const health = await get(apache, '/health');
    expect(body(health).uptimeS).toBeLessThan(60);
  });

  it('listens before the database answers: /health 200 and /health/ready 503 at once, not a hang until PassengerStartTimeout', async () => {
    const health = await get(apache, '/nodb/health');
    expect(health.status).toBe(200);
    const ready = await get(apache, '/nodb/health/ready');
    expect(ready.status).toBe(503);
    expect(body(ready)).toMatchObject({ status: 'unavailable', database: { type: 'postgresql', ok: false } });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'drains on %s (how LiteSpeed stops it) and Passenger starts another on the next request',
    async (signal) => {
      const pid = await servedBy(apache, await get(apache, '/filamenta/api/v1/version'));
      process.kill(pid, signal);
      await apache.waitForAppLog((l) => l.appPid === pid && l.msg === 'shutdown complete', 15_000, `pid ${pid} to drain`);
      expect(apache.appLogs().filter((l) => l.appPid === pid && l.msg === 'stop requested')).toEqual([expect.objectContaining({ signal })]);
      await pollUntil(() => (isAlive(pid) ? undefined : true), { timeoutMs: 10_000, what: `pid ${pid} to exit` });
      const next = await answering(apache, '/filamenta/api/v1/version');
      expect(await servedBy(apache, next)).not.toBe(pid);
    },
  );

  it('serves the package:cpanel archive extracted as it is, from the bundle npm run build wrote (dist/passenger.cjs), console included', async () => {
    const version = await get(apache, '/bundled/api/v1/version');
    expect(version.status, version.body).toBe(200);
    const pid = await servedBy(apache, version);
    const started = apache.appLogs().find((l) => l.appPid === pid && STARTED.test(l.msg));
    expect(started).toMatchObject({ basePath: '/bundled', target: 'cpanel' });
    expect((await get(apache, '/bundled/health/ready')).status).toBe(200);
    const page = await get(apache, '/bundled/admin/content/7');
    expect(page.status, page.body).toBe(200);
    expect(page.body).toContain('<base href="../">');
    const entry = /<script type="module" src="(assets\/main-[^"]+)"/.exec(page.body)?.[1];
    const script = await get(apache, `/bundled/admin/${entry}`, { 'Accept-Encoding': 'gzip' });
    expect(script.status).toBe(200);
    expect(script.headers['content-encoding']).toBe('gzip');
  });

  /** The start-up failure page: 503, plain HTML in three languages, no detail, and nothing else. */
  const failurePage = async (path: string, reason: { en: string; fr: string; es: string }) => {
    const res = await get(apache, path);
    expect(res.status, res.body).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['retry-after']).toBe('60');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toMatch(/^<!doctype html>/);
    for (const text of [reason.en, reason.fr, reason.es]) expect(res.body).toContain(text);
    expect(res.body).toContain("The details are in the application's log: Passenger's log file");
    expect(res.body).toContain("Le détail est dans le journal de l'application");
    expect(res.body).toContain('Los detalles están en el registro de la aplicación');
    expect(res.body).not.toMatch(/<script|SECRET|DB_|oracle|many|\/tmp\/|EACCES/i);
    expect(res.body).not.toContain(SECRET_KEY);
    // The same process answers the next visitor the same way: it does not exit and respawn per request.
    const again = await get(apache, path);
    expect(again.status).toBe(503);
    expect(again.body).toBe(res.body);
    return res;
  };
  const CONFIG_REASON = {
    en: 'configuration is invalid (its environment variables or its .env file), or it cannot write its database file',
    fr: "configuration de l'application n'est pas valide",
    es: 'configuración de la aplicación no es válida',
  };

  it('a bad configuration is one clear line in the Passenger log, and the visitor gets a 503 page that says so without the details', async () => {
    await failurePage('/broken/health', CONFIG_REASON);
    const lines = await pollUntil(
      () => {
        const found = apache.appOutput().filter((l) => l.text.includes('could not start') && l.text.includes('Invalid configuration'));
        return found.length ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'the start-up failure line' },
    );
    const [failure] = lines;
    expect(failure.text).toBe(
      'Filamenta could not start: Invalid configuration (2 problems): ' +
        'DB_POOL_MAX: invalid value "many": expected a whole number, 0 or more; ' +
        'DB_TYPE: unknown database type "oracle"; use sqlite, mysql, mariadb or postgresql',
    );
    // Nothing else from that process: no stack trace, no second line; one process served both visits.
    expect(apache.appOutput().filter((l) => l.pid === failure.pid)).toEqual([failure]);
    expect(lines).toHaveLength(1);
  });

  it('a SQLite folder the account cannot write is one clear line too, and the same 503 page', async () => {
    await failurePage('/locked/health', CONFIG_REASON);
    const failure = await pollUntil(() => apache.appOutput().find((l) => l.text.includes('could not start') && l.text.includes('locked')), {
      timeoutMs: 10_000,
      what: 'the start-up failure line',
    });
    expect(failure.text).toMatch(
      /^Filamenta could not start: Cannot write the database file or its folder: EACCES: permission denied, mkdir '.*locked\/db'$/,
    );
    expect(apache.appOutput().filter((l) => l.pid === failure.pid && !l.text.startsWith('{'))).toEqual([failure]);
  });

  it.each(['oldnode', 'oldnode-bundled'])(
    'on a Node older than the app needs (/%s) the log names both versions and the visitor gets a 503 page saying so',
    async (url) => {
      await failurePage(`/${url}/health`, {
        en: `The Node.js version chosen for this application is too old: Filamenta needs Node.js ${MINIMUM.join('.')} or newer.`,
        fr: `trop ancienne : Filamenta demande Node.js ${MINIMUM.join('.')} ou plus récent.`,
        es: `demasiado antigua: Filamenta necesita Node.js ${MINIMUM.join('.')} o posterior.`,
      });
      const failures = await pollUntil(
        () => {
          const found = apache.appOutput().filter((l) => l.text.includes('could not start') && l.text.includes('Node.js'));
          return found.length ? found : undefined;
        },
        { timeoutMs: 10_000, what: 'the version line' },
      );
      for (const failure of failures) {
        expect(failure.text).toMatch(
          new RegExp(
            `^Filamenta could not start: Filamenta needs Node\\.js ${MINIMUM.join('\\.')} or newer, but this is Node\\.js \\d+\\.\\d+\\.\\d+ \\(`,
          ),
        );
        expect(apache.appOutput().filter((l) => l.pid === failure.pid)).toEqual([failure]);
      }
      expect(apache.passengerLog()).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|Segmentation fault/);
    },
  );
});

describeWithApache('adapters/passenger.cjs when Passenger shuts an idle process down', () => {
  // PassengerPoolIdleTime (global) shuts a process down after that many idle seconds; the default
  // PassengerMinInstances 1 would keep the last one, so 0 lets the app go away entirely.
  const started = useApache((dir) =>
    Apache.start(
      dir,
      [
        {
          url: 'filamenta',
          appRoot: createAppRoot(join(dir, 'apps', 'idle')),
          env: { SECRET_KEY, DB_TYPE: 'sqlite', MIGRATE_ON_START: 'true' },
          directives: ['PassengerMinInstances 0'],
        },
      ],
      ['PassengerPoolIdleTime 2'],
    ),
  );

  it('drains and exits when idle, and the next request spawns a new process that answers', async () => {
    const apache = started();
    const first = await get(apache, '/filamenta/api/v1/version');
    expect(first.status).toBe(200);
    const pid = await servedBy(apache, first);

    const done = await apache.waitForAppLog((l) => l.appPid === pid && l.msg === 'shutdown complete', 20_000, 'the idle process to stop');
    expect(done).toMatchObject({ forced: false });
    expect(apache.appLogs().find((l) => l.appPid === pid && l.msg === 'stop requested')).toMatchObject({ signal: 'passenger exit' });
    await pollUntil(() => (isAlive(pid) ? undefined : true), { timeoutMs: 10_000, what: `pid ${pid} to exit` });

    const next = await get(apache, '/filamenta/api/v1/version');
    expect(next.status).toBe(200);
    expect(await servedBy(apache, next)).not.toBe(pid);
    expect((await get(apache, '/filamenta/health/ready')).status).toBe(200);
  });
});

describeWithApache('adapters/passenger.cjs under Passenger on every database', () => {
  describeEachDatabase('Passenger', (type) => {
    let db: ProvisionedDb | undefined;
    const started = useApache(
      async (dir) => {
        db = await provisionDatabase(type);
        if (type === 'sqlite') giveToAccount(join(db.env.DB_PATH, '..'));
        const appRoot = createAppRoot(join(dir, 'apps', type));
        return Apache.start(dir, [{ url: 'filamenta', appRoot, env: { SECRET_KEY, MIGRATE_ON_START: 'true', ...db.env } }]);
      },
      async () => db?.drop(),
    );

    it(`migrates on start and answers ready on ${type}`, async () => {
      const apache = started();
      const ready = await answering(apache, '/filamenta/health/ready');
      expect(body(ready)).toMatchObject({ status: 'ready', database: { type, ok: true }, migrations: { pending: 0 } });
      const version = await get(apache, '/filamenta/api/v1/version');
      expect(body(version).database.type).toBe(type);
      const pid = await servedBy(apache, version);
      expect(apache.appLogs().find((l) => l.appPid === pid && STARTED.test(l.msg))).toMatchObject({ database: type, target: 'cpanel' });
    });
  });
});

/** `node scripts/package-cpanel.ts --out <out>` in `checkout`; returns the archive's path. */
function packageCpanel(checkout: string, out: string): string {
  const result = spawnSync(process.execPath, [join(checkout, 'scripts', 'package-cpanel.ts'), '--out', out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`package:cpanel failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return out;
}

describe('npm run package:cpanel', () => {
  const dir = suiteDir();
  afterAll(() => dir.remove());

  it('packs what cPanel runs and installs from, the console built, without node_modules, .git, tests, local data or .env', () => {
    const checkout = join(dir.path, 'checkout');
    createAppRoot(checkout, { copy: ['package-lock.json', 'scripts', '.env.example', 'test', 'bench', 'console'] });
    rmSync(join(checkout, 'dist', 'console'), { recursive: true });
    // What a working copy also holds and must stay home.
    for (const [file, text] of Object.entries({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.env': 'SECRET_KEY=local-secret\n',
      'data/filamenta.sqlite': 'x',
      'dist/passenger.cjs': '// built\n',
      'dist/passenger.bundle.mjs': '// built\n',
    })) {
      mkdirSync(join(checkout, file, '..'), { recursive: true });
      writeFileSync(join(checkout, file), text);
    }
    const out = packageCpanel(checkout, join(dir.path, 'app.tar.gz'));
    const listing = spawnSync('tar', ['-tzf', out], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    const files = listing.stdout.split('\n').filter((f) => f && !f.endsWith('/'));
    const top = [...new Set(files.map((f) => f.split('/')[0]))].sort();
    expect(top).toEqual(['.env.example', 'adapters', 'console', 'dist', 'package-lock.json', 'package.json', 'scripts', 'src']);
    expect(files).toEqual(
      expect.arrayContaining([
        'adapters/passenger.cjs',
        'adapters/http-server.js',
        'src/app.ts',
        'src/runtime.ts',
        'scripts/migrate.ts',
        'dist/passenger.cjs',
        'dist/passenger.bundle.mjs',
        // Built by the script itself, from console/.
        'dist/console/index.html',
        'dist/console/manifest.json',
      ]),
    );
    expect(files.filter((f) => /^dist\/console\/assets\/main-\w+\.js(\.br|\.gz)?$/.test(f))).toHaveLength(3);
    expect(files.filter((f) => /node_modules|^\.git\/|^test\/|^bench\/|^data\/|(^|\/)\.env$|\.sqlite$/.test(f))).toEqual([]);
  });
});

/** A request whose TCP connection comes from `localAddress` (another loopback address). */
function httpRequestFrom(localAddress: string, url: string, headers: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, endedAt: performance.now() }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.once('error', reject);
    req.end();
  });
}
