/**
 * adapters/lambda.js invoked in process with the event shapes AWS documents (test/support/lambda-events.ts),
 * against real PostgreSQL and MariaDB databases; SQLite only to check that production refuses it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';

import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLambdaHandler } from '../../adapters/lambda.js';
import { MINIMUM } from '../../adapters/node-version.cjs';
import { CONFIG_VARIABLES } from '../../src/config.ts';
import { buildTestApp } from '../support/app.ts';
import { APP_ROOT, runNode } from '../support/child.ts';
import { provisionDatabase, type ProvisionedDb, SERVER_URLS, testEnv } from '../support/databases.ts';
import {
  albEvent,
  functionUrlEvent,
  httpApiV1Event,
  httpApiV2Event,
  lambdaContext,
  type RequestSpec,
  restApiEvent,
} from '../support/lambda-events.ts';
import { describeEachDatabase } from '../support/matrix.ts';
import { pollUntil } from '../support/process.ts';

type Result = Awaited<ReturnType<ReturnType<typeof createLambdaHandler>['handler']>> & {
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
};
type Event = Parameters<ReturnType<typeof createLambdaHandler>['handler']>[0];

/**
 * Every configuration variable blank (so a developer's .env cannot leak in) except TRUST_PROXY, which
 * stays unset as on a real function (blank means "trust nobody"), then the test's.
 */
function lambdaEnv(vars: Record<string, string>): Record<string, string> {
  const blank: Record<string, string> = Object.fromEntries(
    CONFIG_VARIABLES.flatMap((n) => [
      [n, ''],
      [`${n}_FILE`, ''],
    ]),
  );
  delete blank.TRUST_PROXY;
  return { ...blank, ...testEnv({ AWS_LAMBDA_FUNCTION_NAME: 'filamenta-test', ...vars }) };
}

/** A handler whose JSON log lines and start-up errors are kept for assertions. */
function handlerFor(env: Record<string, string>) {
  const logs: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const lambda = createLambdaHandler(env, { errorLog: (line) => errors.push(line), logDestination: sink });
  const invoke = (event: unknown, id?: string) => lambda.handler(event as Event, lambdaContext(id)) as Promise<Result>;
  return { ...lambda, invoke, logs, errors };
}

const header = (r: Result, name: string) => r.headers?.[name] ?? r.multiValueHeaders?.[name]?.[0];
const json = (r: Result) => JSON.parse(r.body) as Record<string, unknown>;

/** Server-side connections to `db`, counted by the server itself. */
async function serverConnections(db: ProvisionedDb): Promise<number> {
  if (db.type === 'postgresql') {
    const client = new pg.Client({ connectionString: SERVER_URLS.postgresql });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [db.name]);
      return Number(rows[0].n);
    } finally {
      await client.end();
    }
  }
  const url = new URL(SERVER_URLS.mariadb);
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username) });
  try {
    const [rows] = await conn.query('select count(*) as n from information_schema.processlist where db = ?', [db.name]);
    return Number((rows as { n: number }[])[0].n);
  } finally {
    await conn.end();
  }
}

/** Every event kind, for the cases that must hold whichever front door the request came through. */
const EVENT_KINDS: [string, (spec: RequestSpec) => unknown][] = [
  ['REST API (1.0, stage prod)', (s) => restApiEvent(s, { stage: 'prod' })],
  ['HTTP API 1.0 (stage live)', (s) => httpApiV1Event(s, { stage: 'live' })],
  ['HTTP API 2.0 ($default)', (s) => httpApiV2Event(s)],
  ['HTTP API 2.0 (stage live)', (s) => httpApiV2Event(s, { stage: 'live' })],
  ['Function URL', (s) => functionUrlEvent(s)],
  ['ALB', (s) => albEvent(s)],
  ['ALB (multi-value headers)', (s) => albEvent(s, { multiValue: true })],
];

describeEachDatabase(
  'Lambda handler',
  (type) => {
    let db: ProvisionedDb;
    let lambda: ReturnType<typeof handlerFor>;
    let prefixed: ReturnType<typeof handlerFor>;

    beforeAll(async () => {
      db = await provisionDatabase(type);
      await (await buildTestApp(db.env)).close();
      lambda = handlerFor(lambdaEnv({ ...db.env, LOG_LEVEL: 'info' }));
      prefixed = handlerFor(lambdaEnv({ ...db.env, LOG_LEVEL: 'info', BASE_PATH: '/filamenta', FORCE_HTTPS: 'true' }));
      // A route that echoes what the adapter made of the event, added before the router is built.
      for (const { app } of [await lambda.runtime(), await prefixed.runtime()]) {
        app.all('/api/v1/test/echo', async (c) => {
          c.header('Set-Cookie', 'first=1; Path=/; HttpOnly', { append: true });
          c.header('Set-Cookie', 'second=2; Path=/; Secure', { append: true });
          c.header('X-Seen-Cookie', c.req.header('cookie') ?? '');
          c.header('X-Seen-Multi', c.req.header('x-multi') ?? '');
          c.header('X-Seen-Query', JSON.stringify(c.req.queries('q') ?? []));
          c.header('X-Seen-Ip', c.var.client.ip ?? '');
          c.header('X-Seen-Secure', String(c.var.client.secure));
          return c.body(await c.req.arrayBuffer(), 200, { 'Content-Type': 'application/octet-stream' });
        });
      }
    });
    afterAll(async () => {
      for (const h of [lambda, prefixed]) if (h) await (await h.runtime()).orm.close();
      await db?.drop();
    });

    it('detects the Lambda target from AWS_LAMBDA_FUNCTION_NAME: pool of one connection, the front end trusted', async () => {
      const { config } = await lambda.runtime();
      expect(config.target).toBe('lambda');
      expect(config.db.pool.max).toBe(1);
      expect(config.trustProxy).toEqual(['loopback']);
    });

    it.each(EVENT_KINDS)('%s: GET /health and /health/ready answer 200 with the driver and a pool of 1', async (_kind, build) => {
      const health = await lambda.invoke(build({ path: '/health' }));
      expect(health.statusCode).toBe(200);
      expect(json(health)).toMatchObject({ status: 'ok' });
      const ready = await lambda.invoke(build({ path: '/health/ready' }));
      expect(ready.statusCode, ready.body).toBe(200);
      expect(json(ready)).toMatchObject({
        status: 'ready',
        database: { type, driver: type === 'postgresql' ? 'pg' : 'mysql2', ok: true, pool: { max: 1 } },
      });
    });

    it('GET /api/v1/version names the database and driver', async () => {
      const r = await lambda.invoke(httpApiV2Event({ path: '/api/v1/version' }));
      expect(r.statusCode).toBe(200);
      expect(json(r)).toMatchObject({ name: 'filamenta', database: { type, driver: type === 'postgresql' ? 'pg' : 'mysql2' } });
    });

    it.each(EVENT_KINDS)('%s: an unknown path is a 404 problem, a wrong method a 405 problem with Allow', async (_kind, build) => {
      const missing = await lambda.invoke(build({ path: '/nope' }));
      expect(missing.statusCode).toBe(404);
      expect(header(missing, 'content-type')).toBe('application/problem+json');
      expect(json(missing)).toMatchObject({ status: 404, title: 'Not Found', instance: '/nope' });
      const wrong = await lambda.invoke(build({ path: '/health', method: 'DELETE' }));
      expect(wrong.statusCode).toBe(405);
      expect(header(wrong, 'content-type')).toBe('application/problem+json');
      expect(header(wrong, 'allow')).toMatch(/GET/);
    });

    it('strips a named stage only where the event carries it in the path', async () => {
      // REST API: `path` never has the stage, so a route that starts like the stage is left alone.
      const rest = await lambda.invoke(restApiEvent({ path: '/prod/health' }, { stage: 'prod' }));
      expect(rest.statusCode).toBe(404);
      expect(json(rest)).toMatchObject({ instance: '/prod/health' });
      // HTTP API 2.0: rawPath is /live/health for stage live.
      expect((await lambda.invoke(httpApiV2Event({ path: '/health' }, { stage: 'live' }))).statusCode).toBe(200);
      const stageRoot = await lambda.invoke(httpApiV2Event({ path: '' }, { stage: 'live' })); // rawPath /live is GET /
      expect(json(stageRoot)).toMatchObject({ name: 'filamenta' });
      const other = await lambda.invoke(httpApiV2Event({ path: '/other/health' }, { stage: '$default' }));
      expect(other.statusCode).toBe(404);
    });

    it.each(EVENT_KINDS)('%s: BASE_PATH is served after the stage', async (_kind, build) => {
      const r = await prefixed.invoke(build({ path: '/filamenta/api/v1/version' }));
      expect(r.statusCode, r.body).toBe(200);
      const root = await prefixed.invoke(build({ path: '/filamenta' }));
      expect(json(root)).toMatchObject({ health: '/filamenta/health' });
      const outside = await prefixed.invoke(build({ path: '/elsewhere/api/v1/version' }));
      expect(outside.statusCode).toBe(404);
    });

    it('keeps the X-Request-Id of the event by default (the front end is trusted), not with TRUST_PROXY=false', async () => {
      const spec = { path: '/health', headers: { 'X-Request-Id': ['edge-chosen-id-42'] } };
      for (const build of EVENT_KINDS.map(([, b]) => b))
        expect(header(await lambda.invoke(build(spec)), 'x-request-id')).toBe('edge-chosen-id-42');
      const distrusting = handlerFor(lambdaEnv({ ...db.env, TRUST_PROXY: 'false' }));
      try {
        const r = await distrusting.invoke(httpApiV2Event(spec));
        expect(header(r, 'x-request-id')).not.toBe('edge-chosen-id-42');
        expect(header(r, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      } finally {
        await (await distrusting.runtime()).orm.close();
      }
    });

    it('logs the client the front end appended to X-Forwarded-For, not an entry the client forged', async () => {
      const forged = ['192.0.2.99'];
      const cases: [string, unknown, string][] = [
        ['REST API', restApiEvent({ path: '/api/v1/version', sourceIp: '203.0.113.1', forwardedFor: forged }), '203.0.113.1'],
        [
          'REST API, edge-optimized',
          restApiEvent({ path: '/api/v1/version', sourceIp: '203.0.113.5', forwardedFor: forged }, { edge: true }),
          '203.0.113.5',
        ],
        [
          'REST API, no X-Forwarded-For',
          restApiEvent({ path: '/api/v1/version', sourceIp: '203.0.113.6', withoutForwardedFor: true }),
          '203.0.113.6',
        ],
        ['HTTP API 1.0', httpApiV1Event({ path: '/api/v1/version', sourceIp: '203.0.113.7', forwardedFor: forged }), '203.0.113.7'],
        ['HTTP API 2.0', httpApiV2Event({ path: '/api/v1/version', sourceIp: '203.0.113.2', forwardedFor: forged }), '203.0.113.2'],
        [
          'HTTP API 2.0, no X-Forwarded-For',
          httpApiV2Event({ path: '/api/v1/version', sourceIp: '203.0.113.8', withoutForwardedFor: true }),
          '203.0.113.8',
        ],
        ['Function URL', functionUrlEvent({ path: '/api/v1/version', sourceIp: '2001:db8::3', forwardedFor: forged }), '2001:db8::3'],
        ['ALB', albEvent({ path: '/api/v1/version', sourceIp: '203.0.113.4', forwardedFor: forged }), '203.0.113.4'],
        [
          'ALB (multi-value)',
          albEvent({ path: '/api/v1/version', sourceIp: '203.0.113.9', forwardedFor: forged }, { multiValue: true }),
          '203.0.113.9',
        ],
      ];
      for (const [kind, event, ip] of cases) {
        lambda.logs.length = 0;
        const r = await lambda.invoke(event);
        expect(r.statusCode, kind).toBe(200);
        expect(
          lambda.logs.find((l) => l.msg === 'request'),
          kind,
        ).toMatchObject({ ip, status: 200, path: '/api/v1/version' });
      }
    });

    it('opens no connection to start, then reuses one ORM and one database connection across invocations', async () => {
      const own = await provisionDatabase(type);
      await (await buildTestApp(own.env)).close();
      // The migrating app's connections end asynchronously on the server: wait until they are gone.
      await pollUntil(async () => ((await serverConnections(own)) === 0 ? true : undefined), {
        timeoutMs: 5000,
        what: "the migrating app's connections to close",
      });
      const h = handlerFor(lambdaEnv(own.env));
      try {
        const before = await h.runtime();
        expect(await serverConnections(own)).toBe(0);
        for (let i = 0; i < 5; i++) expect((await h.invoke(functionUrlEvent({ path: '/health/ready' }))).statusCode).toBe(200);
        const after = await h.runtime();
        expect(after).toBe(before);
        expect(after.orm).toBe(before.orm);
        const ready = json(await h.invoke(httpApiV2Event({ path: '/health/ready' })));
        expect(ready).toMatchObject({ database: { pool: { max: 1, total: 1 } } });
        expect(await serverConnections(own)).toBe(1);
      } finally {
        await (await h.runtime()).orm.close();
        await own.drop();
      }
    });

    it('turns multi-value headers, repeated query parameters and cookies into the request, and Set-Cookie back', async () => {
      const spec: RequestSpec = {
        method: 'POST',
        path: '/api/v1/test/echo',
        headers: { 'X-Multi': ['one', 'two'] },
        query: { q: ['1', '2'] },
        cookies: ['a=1', 'b=2'],
        body: 'x',
      };
      const v2 = await lambda.invoke(httpApiV2Event(spec));
      expect(v2.statusCode).toBe(200);
      expect(v2.headers?.['x-seen-cookie']).toBe('a=1; b=2');
      expect(v2.headers?.['x-seen-multi']).toBe('one,two');
      expect(JSON.parse(v2.headers?.['x-seen-query'] ?? '')).toEqual(['1', '2']);
      expect(v2.cookies).toEqual(['first=1; Path=/; HttpOnly', 'second=2; Path=/; Secure']);

      const rest = await lambda.invoke(restApiEvent(spec));
      expect(rest.multiValueHeaders?.['x-seen-cookie']).toEqual(['a=1; b=2']);
      expect(rest.multiValueHeaders?.['x-seen-multi']).toEqual(['one, two']);
      expect(JSON.parse(rest.multiValueHeaders?.['x-seen-query']?.[0] ?? '')).toEqual(['1', '2']);
      expect(rest.multiValueHeaders?.['set-cookie']).toEqual(['first=1; Path=/; HttpOnly', 'second=2; Path=/; Secure']);

      const alb = await lambda.invoke(albEvent(spec, { multiValue: true }));
      expect(alb.multiValueHeaders?.['x-seen-cookie']).toEqual(['a=1; b=2']);
      expect(JSON.parse(alb.multiValueHeaders?.['x-seen-query']?.[0] ?? '')).toEqual(['1', '2']);
      expect(alb.multiValueHeaders?.['set-cookie']).toEqual(['first=1; Path=/; HttpOnly', 'second=2; Path=/; Secure']);
      // Without multi-value headers on the target group an ALB response carries one Set-Cookie only
      // (docs/deploy/serverless.md says to turn them on).
      const single = await lambda.invoke(albEvent(spec));
      expect(single.headers?.['set-cookie']).toBe('first=1; Path=/; HttpOnly');
    });

    it.each(EVENT_KINDS)('%s: a base64 request body arrives as bytes and binary responses go back base64', async (_kind, build) => {
      const bytes = Buffer.from([0, 255, 1, 254, 0x80, 0x0a, 0x0d, 0xc3, 0x28]);
      const r = await lambda.invoke(
        build({ method: 'PUT', path: '/api/v1/test/echo', body: bytes, headers: { 'Content-Type': ['application/octet-stream'] } }),
      );
      expect(r.statusCode).toBe(200);
      expect(r.isBase64Encoded).toBe(true);
      expect(Buffer.from(r.body, 'base64')).toEqual(bytes);
    });

    it('FORCE_HTTPS with the default TRUST_PROXY: an ALB HTTP listener request is redirected, HSTS only on HTTPS', async () => {
      const plain = await prefixed.invoke(
        albEvent({
          path: '/filamenta/api/v1/version',
          query: { a: ['1'] },
          headers: { 'X-Forwarded-Proto': ['http'], 'X-Forwarded-Port': ['80'] },
        }),
      );
      expect(plain.statusCode).toBe(301);
      expect(header(plain, 'location')).toBe('https://filamenta-123456789.eu-west-3.elb.amazonaws.com/filamenta/api/v1/version?a=1');
      expect(header(plain, 'strict-transport-security')).toBeUndefined();
      const post = await prefixed.invoke(
        albEvent({ method: 'POST', path: '/filamenta/api/v1/test/echo', headers: { 'X-Forwarded-Proto': ['http'] } }),
      );
      expect(post.statusCode).toBe(308);
      for (const [kind, build] of EVENT_KINDS) {
        const secure = await prefixed.invoke(build({ path: '/filamenta/api/v1/test/echo' }));
        expect(secure.statusCode, kind).toBe(200);
        expect(header(secure, 'x-seen-secure'), kind).toBe('true');
        expect(header(secure, 'strict-transport-security'), kind).toBe('max-age=31536000; includeSubDomains');
      }
      // Without FORCE_HTTPS the plain request is served, known to be plain.
      const served = await lambda.invoke(albEvent({ path: '/api/v1/test/echo', headers: { 'X-Forwarded-Proto': ['http'] } }));
      expect(header(served, 'x-seen-secure')).toBe('false');
      expect(header(served, 'strict-transport-security')).toBeUndefined();
    });

    it('applies BODY_LIMIT to the decoded body', async () => {
      const small = handlerFor(lambdaEnv({ ...db.env, BODY_LIMIT: '16' }));
      try {
        const r = await small.invoke(httpApiV2Event({ method: 'POST', path: '/api/v1/version', body: Buffer.alloc(17) }));
        expect(r.statusCode).toBe(413);
        expect(header(r, 'content-type')).toBe('application/problem+json');
      } finally {
        await (await small.runtime()).orm.close();
      }
    });

    it('retries a failed start on the next invocation: 500 problem without details, then served once fixed', async () => {
      const env = lambdaEnv({ ...db.env, DB_POOL_MAX: 'lots' });
      const broken = handlerFor(env);
      const r = await broken.invoke(httpApiV2Event({ path: '/health' }), 'aws-req-1');
      expect(r.statusCode).toBe(500);
      expect(header(r, 'content-type')).toBe('application/problem+json');
      expect(json(r)).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'The service is not available. Quote the request id when reporting it.',
        instance: '/health',
        requestId: 'aws-req-1',
      });
      expect(r.body).not.toMatch(/DB_POOL_MAX|lots/);
      expect(broken.errors).toEqual([expect.stringMatching(/^Filamenta cannot start: Invalid configuration \(1 problem\): DB_POOL_MAX: /)]);
      env.DB_POOL_MAX = '1';
      const fixed = await broken.invoke(httpApiV2Event({ path: '/health/ready' }));
      expect(fixed.statusCode).toBe(200);
      await (await broken.runtime()).orm.close();
    });

    it('runs migrations only with MIGRATE_ON_START', async () => {
      const fresh = await provisionDatabase(type);
      const without = handlerFor(lambdaEnv({ ...fresh.env, NODE_ENV: 'production' }));
      const withMigrations = handlerFor(lambdaEnv({ ...fresh.env, NODE_ENV: 'production', MIGRATE_ON_START: 'true' }));
      try {
        const pending = await without.invoke(httpApiV2Event({ path: '/health/ready' }));
        expect(pending.statusCode).toBe(503);
        expect(json(pending)).toMatchObject({ reason: expect.stringMatching(/migration\(s\) pending/) });
        expect((await withMigrations.invoke(httpApiV2Event({ path: '/health/ready' }))).statusCode).toBe(200);
      } finally {
        for (const h of [without, withMigrations]) await (await h.runtime()).orm.close();
        await fresh.drop();
      }
    });
  },
  ['postgresql', 'mariadb'],
);

/**
 * Imports a handler module in a fresh node with `env` as process.env, as the Lambda runtime would
 * (AWS_LAMBDA_FUNCTION_NAME set), and invokes it once with `event`.
 */
async function invokeInChild(
  env: Record<string, string>,
  { module = './adapters/lambda.js', cwd = APP_ROOT, event = httpApiV2Event({ path: '/health' }) as unknown } = {},
) {
  const script = `
    const { handler } = await import(process.env.TEST_HANDLER);
    const result = await handler(JSON.parse(process.env.TEST_EVENT), { awsRequestId: 'child-req' });
    // Exit once stdout is flushed: a pipe takes a large body (the API reference's files) in parts.
    process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n', () => process.exit(0));`;
  const child = await runNode(
    ['--input-type=module', '-e', script],
    { AWS_LAMBDA_FUNCTION_NAME: 'filamenta-test', TEST_HANDLER: module, TEST_EVENT: JSON.stringify(event), ...env },
    { cwd, timeoutMs: 30_000 },
  );
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, child.stderr).toBeDefined();
  return { ...child, result: JSON.parse(line!.slice('RESULT '.length)) as Result };
}

describe('Lambda handler as deployed (dist-free: adapters/lambda.js in a fresh node)', () => {
  it('refuses SQLite in production on Lambda: 500 problem to the client, the reason on stderr', async () => {
    const { result, stderr } = await invokeInChild({
      NODE_ENV: 'production',
      SECRET_KEY: 'k'.repeat(20) + 'Q9v!x2#Lm7@pZ4',
      DB_TYPE: 'sqlite',
    });
    expect(result.statusCode).toBe(500);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(result.body).not.toMatch(/SQLite|DB_TYPE/);
    const lines = stderr.split('\n').filter((l) => l.startsWith('Filamenta cannot start'));
    // Once in the init phase, once for the invocation; one line each.
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/DB_TYPE: SQLite is not durable on Lambda .*use MariaDB\/MySQL or PostgreSQL/);
  });

  it('lists every bad variable on one stderr line', async () => {
    const { result, stderr } = await invokeInChild({ NODE_ENV: 'production', SECRET_KEY: '', DATABASE_URL: 'ftp://x/y' });
    expect(result.statusCode).toBe(500);
    expect(stderr).toMatch(
      /^Filamenta cannot start: Invalid configuration \(2 problems\): .*SECRET_KEY: is not set.*; DATABASE_URL: unsupported scheme/m,
    );
  });
});

/**
 * `npm run build` in a copy of the app, then dist/ without its source maps in an empty folder: what
 * docs/deploy/serverless.md says to zip (the bundles and the console). Built once for both databases.
 */
let lambdaPackage: Promise<string> | undefined;
const buildDirs: string[] = [];
function buildLambdaPackage(): Promise<string> {
  lambdaPackage ??= (async () => {
    const copy = mkdtempSync(join(tmpdir(), 'filamenta-build-'));
    const pkg = mkdtempSync(join(tmpdir(), 'filamenta-lambda-zip-'));
    buildDirs.push(copy, pkg);
    for (const part of ['adapters', 'src', 'console', 'esbuild.config.ts', 'package.json'])
      cpSync(join(APP_ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(APP_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const build = await runNode(['esbuild.config.ts'], {}, { cwd: copy, timeoutMs: 120_000 });
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    // zip -qr function.zip dist -x '*.map'
    cpSync(join(copy, 'dist'), join(pkg, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
    return pkg;
  })();
  return lambdaPackage;
}
afterAll(() => {
  for (const dir of buildDirs) rmSync(dir, { recursive: true, force: true });
});

describeEachDatabase(
  'dist/lambda.mjs shipped without node_modules',
  (type) => {
    let db: ProvisionedDb;
    let pkg: string;
    beforeAll(async () => {
      [pkg, db] = await Promise.all([buildLambdaPackage(), provisionDatabase(type)]);
      await (await buildTestApp(db.env)).close();
    }, 180_000);
    afterAll(() => db?.drop());

    it('the handler export answers /health/ready with its bundled driver, nothing resolvable from node_modules', async () => {
      expect(() => createRequire(join(pkg, 'dist/lambda.mjs')).resolve(type === 'postgresql' ? 'pg' : 'mysql2')).toThrow(
        /Cannot find module/,
      );
      const { result } = await invokeInChild(
        { ...db.env, NODE_ENV: 'production', SECRET_KEY: 'Zq9vX2Lm7pZ4rT8wK1nB6cD3fG5hJ0sA' },
        { module: join(pkg, 'dist/lambda.mjs'), cwd: pkg, event: restApiEvent({ path: '/health/ready' }) },
      );
      expect(result.statusCode, result.body).toBe(200);
      expect(JSON.parse(result.body)).toMatchObject({
        status: 'ready',
        database: { driver: type === 'postgresql' ? 'pg' : 'mysql2', pool: { max: 1 } },
      });
    });

    it('serves the API reference page and its Swagger UI files from the bundle, swagger-ui-dist not installed', async () => {
      expect(() => createRequire(join(pkg, 'dist/lambda.mjs')).resolve('swagger-ui-dist/package.json')).toThrow(/Cannot find module/);
      const env = { ...db.env, NODE_ENV: 'production', SECRET_KEY: 'Zq9vX2Lm7pZ4rT8wK1nB6cD3fG5hJ0sA', BASE_PATH: '/filamenta' };
      const get = async (path: string) =>
        (await invokeInChild(env, { module: join(pkg, 'dist/lambda.mjs'), cwd: pkg, event: restApiEvent({ path }) })).result;
      const page = await get('/filamenta/api/v1/docs');
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toContain('data-spec-url="/filamenta/api/v1/openapi.json"');
      const css = await get('/filamenta/api/v1/docs/swagger-ui.css');
      expect(css.statusCode).toBe(200);
      expect(css.multiValueHeaders?.['content-type']).toEqual(['text/css; charset=utf-8']);
      expect(css.body).toContain('.swagger-ui');
      const js = await get('/filamenta/api/v1/docs/swagger-ui-bundle.js');
      expect(js.statusCode).toBe(200);
      expect(js.body).toContain('SwaggerUIBundle');
    });

    it('serves the console from the zip: a deep link under the base path, and a gzipped asset as base64', async () => {
      const env = { ...db.env, NODE_ENV: 'production', SECRET_KEY: 'Zq9vX2Lm7pZ4rT8wK1nB6cD3fG5hJ0sA', BASE_PATH: '/filamenta' };
      const get = async (path: string, headers: Record<string, string[]> = {}) =>
        (await invokeInChild(env, { module: join(pkg, 'dist/lambda.mjs'), cwd: pkg, event: restApiEvent({ path, headers }) })).result;
      const page = await get('/filamenta/admin/users/3');
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toContain('<base href="../">');
      const entry = /<script type="module" src="(assets\/main-[^"]+)"/.exec(page.body)?.[1];
      const script = await get(`/filamenta/admin/${entry}`, { 'Accept-Encoding': ['gzip'] });
      expect(script.statusCode).toBe(200);
      expect(script.multiValueHeaders?.['content-encoding']).toEqual(['gzip']);
      expect(script.isBase64Encoded).toBe(true);
      expect(gunzipSync(Buffer.from(script.body, 'base64')).toString()).toMatch(/import/);
    });
  },
  ['postgresql', 'mariadb'],
);

describe('dist/lambda.mjs on a Node older than the app needs (a nodejs20.x function)', () => {
  const oldNode = process.env.TEST_OLD_NODE ?? '/usr/bin/node';
  it(`answers the 500 problem and logs one line naming the version needed and the one running (${oldNode})`, async () => {
    const pkg = await buildLambdaPackage();
    const script = `
      const { handler } = await import('./dist/lambda.mjs');
      const result = await handler(${JSON.stringify(httpApiV2Event({ path: '/health' }))}, { awsRequestId: 'old-node' });
      process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n', () => process.exit(0));`;
    const child = spawnSync(oldNode, ['--input-type=module', '-e', script], {
      cwd: pkg,
      env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'filamenta-test' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const version = spawnSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, child.stderr).toBeDefined();
    const result = JSON.parse(line!.slice('RESULT '.length)) as Result;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toMatchObject({ status: 500, requestId: 'old-node' });
    // Once in the init phase, once for the invocation; nothing else, no crash of the SQLite addon.
    expect(child.stderr.split('\n').filter(Boolean)).toEqual(
      Array(2).fill(
        `Filamenta cannot start: Filamenta needs Node.js ${MINIMUM.join('.')} or newer, but this is Node.js ${version} (${oldNode}): ` +
          `choose Node.js ${MINIMUM.join('.')} or newer (24 LTS recommended)`,
      ),
    );
  }, 180_000);
});
