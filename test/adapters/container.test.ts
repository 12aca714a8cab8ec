/**
 * The real image: the repository's Dockerfile built with buildah, its own command run as its own
 * user (read from the image config, as a runtime would), on SQLite in a data volume and on MariaDB
 * and PostgreSQL reached through a forwarder that refuses at first, so the database comes up late.
 */
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { EXIT_CODES } from '../../src/runtime.ts';
import {
  buildahProblem,
  buildImage,
  type ContainerProcess,
  healthcheckCommand,
  imageCommand,
  type ImageConfig,
  inspectImage,
  rootfsChanges,
  WorkingContainer,
} from '../support/buildah.ts';
import { readCompose } from '../support/compose.ts';
import { databasesRequired, provisionDatabase, type ProvisionedDb } from '../support/databases.ts';
import { describeEachDatabase } from '../support/matrix.ts';
import { cleanEnvironment, freePort, httpRequest, killLeftovers, pollUntil, TcpForwarder, TestProcess } from '../support/process.ts';

const TAG = 'localhost/filamenta:test';
const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
/** The uid of the `node` user in node:*-slim images. */
const NODE_UID = 1000;

const problem = await buildahProblem();
if (problem && !databasesRequired()) console.warn(`\n*** SKIPPED the container image tests: ${problem}. ***\n`);
const describeImage = problem && !databasesRequired() ? describe.skip : describe;

let config: ImageConfig;
const containers: WorkingContainer[] = [];
const running: ContainerProcess[] = [];
const dirs: string[] = [];

let built: Promise<void> | undefined;
/** Builds and inspects the image once per file, for the suites that run it. */
function buildOnce(): Promise<void> {
  built ??= (async () => {
    if (problem) throw new Error(problem);
    const build = await buildImage(TAG);
    const image = await inspectImage(TAG);
    config = image.config;
    console.info(`image ${TAG}: built in ${(build.ms / 1000).toFixed(1)} s, ${image.size}`);
  })();
  return built;
}

afterEach(() => {
  for (const proc of running.splice(0)) proc.kill();
});

afterAll(async () => {
  await Promise.all(containers.splice(0).map((c) => c.remove()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A host folder for /app/data, owned by the image's user as a fresh named volume would be. */
function dataVolume(): string {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-volume-'));
  chownSync(dir, NODE_UID, NODE_UID);
  dirs.push(dir);
  return dir;
}

async function container(): Promise<WorkingContainer> {
  const c = await WorkingContainer.from(TAG, config.User);
  containers.push(c);
  return c;
}

/** The image's own command with `env` on top of the image's environment. */
async function startImage(c: WorkingContainer, env: Record<string, string>, volume?: string) {
  const port = await freePort();
  const proc = c.start(imageCommand(config), { env: { PORT: String(port), SECRET_KEY, ...env }, volume });
  running.push(proc);
  return Object.assign(proc, { port, url: `http://127.0.0.1:${port}` });
}

async function statusBecomes(proc: ContainerProcess, url: string, status: number, timeoutMs = 20_000) {
  return pollUntil(
    async () => {
      const res = await httpRequest(url).catch(() => undefined);
      return res?.status === status ? res : undefined;
    },
    {
      timeoutMs,
      intervalMs: 50,
      what: `${url} to answer ${status}`,
      stopIf: () => (proc.exited ? `the container exited\n${proc.describe()}` : undefined),
    },
  );
}

async function stopsCleanly(proc: ContainerProcess) {
  proc.signal((config.StopSignal ?? 'SIGTERM') as NodeJS.Signals);
  const exit = await proc.waitForExit(15_000);
  expect(exit.code, proc.describe()).toBe(0);
  expect(proc.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['stop requested', 'shutdown complete']));
}

describeImage('container image (Dockerfile built with buildah)', () => {
  beforeAll(buildOnce, 600_000);

  it('runs node dist/container.mjs as the non-root user node, with a HEALTHCHECK, SIGTERM and one data volume', () => {
    expect(imageCommand(config)).toEqual(['node', 'dist/container.mjs']);
    expect(config.User).toBe('node');
    expect(config.StopSignal).toBe('SIGTERM');
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/app/data']);
    expect(config.Env).toEqual(
      expect.arrayContaining([
        'HOST=0.0.0.0',
        'DEPLOYMENT_TARGET=container',
        'NODE_ENV=production',
        'NODE_OPTIONS=--max-semi-space-size=8',
      ]),
    );
    expect(healthcheckCommand(config)[0]).toBe('node');
    expect(healthcheckCommand(config).join(' ')).not.toMatch(/curl|wget/);
  });

  it('exits 78 with the problem on stderr when the configuration is invalid', async () => {
    const c = await container();
    const proc = c.start(imageCommand(config), { env: { SECRET_KEY: '', DB_TYPE: 'oracle' } });
    running.push(proc);
    const exit = await proc.waitForExit(20_000);
    expect(exit.code).toBe(EXIT_CODES.config);
    expect(proc.stderr).toMatch(/SECRET_KEY: is not set \(required in production\)/);
    expect(proc.stderr).toMatch(/DB_TYPE: unknown database type "oracle"/);
    expect(proc.stderr).not.toMatch(/^\s+at /m);
  });

  it('on SQLite writes only to the data volume, serves the console, passes its HEALTHCHECK and drains on SIGTERM', async () => {
    const c = await container();
    // buildah creates its mount points on the first run; the snapshot is taken after that.
    expect((await c.exec(['true'])).code).toBe(0);
    const before = await c.snapshot();
    const volume = dataVolume();
    const started = performance.now();
    const proc = await startImage(c, { MIGRATE_ON_START: 'true' }, `${volume}:/app/data`);
    const ready = await statusBecomes(proc, `${proc.url}/health/ready`, 200);
    console.info(`container cold start to the first /health/ready 200 (SQLite, migrations): ${Math.round(ready.endedAt - started)} ms`);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: { type: 'sqlite' } });
    const listening = proc.logs.find((l) => l.msg.startsWith('Filamenta listening on'));
    expect(listening).toMatchObject({ target: 'container', msg: `Filamenta listening on http://0.0.0.0:${proc.port}` });

    // The image carries the built console (dist/console), its assets precompressed.
    const page = await httpRequest(`${proc.url}/admin/`);
    expect(page.status, page.body).toBe(200);
    const entry = /<script type="module" src="(assets\/main-[^"]+)"/.exec(page.body)?.[1];
    expect(entry, page.body).toBeDefined();
    const script = await httpRequest(`${proc.url}/admin/${entry}`, { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(script.status).toBe(200);
    expect(script.headers['content-encoding']).toBe('br');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const health = await c.exec(healthcheckCommand(config), { env: { PORT: String(proc.port) } });
    expect(health.code).toBe(0);
    // compose.yaml spells the same check its own way; it must pass too.
    const composeCheck = readCompose().services.web.healthcheck?.test ?? [];
    expect(composeCheck[0]).toBe('CMD');
    expect((await c.exec(composeCheck.slice(1), { env: { PORT: String(proc.port) } })).code).toBe(0);

    await stopsCleanly(proc);
    expect(readdirSync(volume).sort()).toEqual(expect.arrayContaining(['.node-compile-cache', 'filamenta.sqlite']));
    expect(readdirSync(volume).filter((f) => !f.startsWith('filamenta.sqlite') && f !== '.node-compile-cache')).toEqual([]);
    expect(rootfsChanges(before, await c.snapshot())).toEqual([]);
    // Four container execs and a cold start: well past the default on a busy machine.
  }, 90_000);

  it('fails its HEALTHCHECK when nothing answers', async () => {
    const c = await container();
    const health = await c.exec(healthcheckCommand(config), { env: { PORT: String(await freePort()) } });
    expect(health.code).not.toBe(0);
  });
});

describeEachDatabase(
  'container image with the database coming up late',
  (type) => {
    let db: ProvisionedDb;
    let forwarder: TcpForwarder;

    beforeAll(async () => {
      await buildOnce();
      db = await provisionDatabase(type);
    }, 600_000);
    afterAll(async () => {
      await forwarder?.close();
      await db?.drop();
    });

    it('answers /health at once and /health/ready 503 until the database is there, then migrates and serves', async () => {
      forwarder = await TcpForwarder.start({ host: db.env.DB_HOST, port: Number(db.env.DB_PORT) });
      const c = await container();
      const proc = await startImage(c, { ...db.env, DB_PORT: String(forwarder.port), MIGRATE_ON_START: 'true' });
      await statusBecomes(proc, `${proc.url}/health`, 200);
      const waiting = await httpRequest(`${proc.url}/health/ready`);
      expect(waiting.status).toBe(503);
      expect((await c.exec(healthcheckCommand(config), { env: { PORT: String(proc.port) } })).code).toBe(0);

      forwarder.pass();
      const ready = await statusBecomes(proc, `${proc.url}/health/ready`, 200);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: { type }, migrations: { pending: 0 } });
      expect(proc.logs.some((l) => /^running \d+ migration/.test(l.msg))).toBe(true);
      await stopsCleanly(proc);
    });

    it('exits 69 when the database never answers within DB_CONNECT_TIMEOUT_MS', async () => {
      const refusing = await TcpForwarder.start({ host: db.env.DB_HOST, port: Number(db.env.DB_PORT) });
      try {
        const c = await container();
        const proc = await startImage(c, { ...db.env, DB_PORT: String(refusing.port), DB_CONNECT_TIMEOUT_MS: '1500' });
        const exit = await proc.waitForExit(20_000);
        expect(exit.code, proc.describe()).toBe(EXIT_CODES.databaseUnavailable);
        expect(proc.stderr).toMatch(/^Database unavailable: /m);
      } finally {
        await refusing.close();
      }
    });
  },
  ['mariadb', 'postgresql'],
);

describe('node adapters/container.js outside the image', () => {
  afterEach(killLeftovers);

  const start = async (vars: Record<string, string>) => {
    const port = await freePort();
    const db = mkdtempSync(join(tmpdir(), 'filamenta-container-'));
    dirs.push(db);
    const proc = new TestProcess(
      ['adapters/container.js'],
      cleanEnvironment({ NODE_ENV: 'development', SECRET_KEY, DB_PATH: join(db, 'app.sqlite'), PORT: String(port), ...vars }),
    );
    const line = await proc.waitForLog((l) => l.msg.startsWith('Filamenta listening on'), 15_000, 'the "listening" log line');
    proc.signal('SIGTERM');
    expect((await proc.waitForExit(10_000)).code, proc.describe()).toBe(0);
    return { line, port };
  };

  it('defaults to DEPLOYMENT_TARGET=container on every interface', async () => {
    const { line, port } = await start({});
    expect(line).toMatchObject({ target: 'container', msg: `Filamenta listening on http://0.0.0.0:${port}` });
  });

  it('keeps the HOST and DEPLOYMENT_TARGET the environment sets', async () => {
    const { line, port } = await start({ HOST: '127.0.0.1', DEPLOYMENT_TARGET: 'vps' });
    expect(line).toMatchObject({ target: 'vps', msg: `Filamenta listening on http://127.0.0.1:${port}` });
  });
});
