/**
 * A running Filamenta for the console's browser tests, and what a test needs to arrange through the
 * API (not through the pages under test): the first administrator (SETUP_TOKEN + POST
 * /api/v1/setup, the way the API allows it today), accounts with their language, the mail settings
 * pointing at a real SMTP server (test/support/smtp.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Apache, createAppRoot } from './apache.ts';
import type { ProvisionedDb } from './databases.ts';
import { killLeftovers, startNodeAdapter } from './process.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

export const SETUP_TOKEN = 'console-setup-token-0123456789';
export const PASSWORD = 'correct horse battery';
const SMTP_LOGIN = { user: 'mailer', password: 'mail-secret-42' };
const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';

/** What every target runs with: the setup token, a small lockout, no per-address auth limit (the tests sign in often). */
const ENV = {
  SECRET_KEY,
  SETUP_TOKEN,
  MIGRATE_ON_START: 'true',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_AUTH_PER_MINUTE: '0',
  LOCKOUT_MAX_ATTEMPTS: '3',
  LOCKOUT_MINUTES: '15',
};

export interface Account {
  id: number;
  username: string;
  email: string;
  password: string;
  token: string;
}

export interface ConsoleSite {
  /** e.g. 'Node at the root (SQLite)'. */
  name: string;
  /** '' or '/filamenta'. */
  base: string;
  /** The absolute URL of `path` below the base: url('/admin/'). */
  url(path: string): string;
  smtp: TestSmtp;
  /** The first administrator, made through POST /api/v1/setup, its language English. */
  admin: Account;
  /** A new account (through the administrator), signed in through the API, with `language` set. */
  account(username: string, role: 'admin' | 'editor' | 'member', language?: 'en' | 'fr' | 'es'): Promise<Account>;
  /** An API call; throws unless the answer is 2xx. */
  api<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer<T>>;
  stop(): Promise<void>;
}

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The site's API helpers, once it answers at `origin` + `base`. */
async function arrange(name: string, origin: string, base: string, smtp: TestSmtp, stop: () => Promise<void>): Promise<ConsoleSite> {
  const url = (path: string) => `${origin}${base}${path}`;
  const api: ConsoleSite['api'] = async (method, path, { token, body, headers = {} } = {}) => {
    const res = await fetch(url(path), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as never };
  };
  const signIn = async (username: string) =>
    (await api<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { login: username, password: PASSWORD } })).body.accessToken;

  const made = await api<{ id: number }>('POST', '/api/v1/setup', {
    body: { token: SETUP_TOKEN, username: 'ada', email: 'ada@example.com', password: PASSWORD },
  });
  const admin: Account = { id: made.body.id, username: 'ada', email: 'ada@example.com', password: PASSWORD, token: await signIn('ada') };
  await api('PATCH', '/api/v1/me/preferences', { token: admin.token, body: { language: 'en', theme: 'light' } });
  // Mail through the test server with its login; links start at this origin (plus the base path).
  await api('PATCH', '/api/v1/settings', {
    token: admin.token,
    body: {
      smtp_host: '127.0.0.1',
      smtp_port: smtp.port,
      smtp_tls_enabled: false,
      smtp_user: SMTP_LOGIN.user,
      smtp_password: SMTP_LOGIN.password,
      site_url: origin,
    },
  });
  return {
    name,
    base,
    url,
    smtp,
    admin,
    api,
    async account(username, role, language = 'en') {
      const email = `${username}@example.com`;
      const user = await api<{ id: number }>('POST', '/api/v1/users', {
        token: admin.token,
        body: { username, email, password: PASSWORD, role },
      });
      const token = await signIn(username);
      await api('PATCH', '/api/v1/me/preferences', { token, body: { language } });
      return { id: user.body.id, username, email, password: PASSWORD, token };
    },
    stop,
  };
}

/** A site as it starts, before anything is arranged in it. */
interface Started {
  origin: string;
  base: string;
  smtp: TestSmtp;
  stop(): Promise<void>;
}

/**
 * A site on which nothing is installed yet: the database has every migration pending, no
 * administrator exists, mail goes to the test SMTP server through SMTP_URL. What the install page is for.
 */
export interface FreshSite {
  name: string;
  base: string;
  url(path: string): string;
  smtp: TestSmtp;
  stop(): Promise<void>;
}

/** How a fresh site runs: no migration at start-up, mail through the environment; `env` adds or unsets (''). */
const freshEnv = (smtp: TestSmtp, env: Record<string, string>) => ({ ...ENV, MIGRATE_ON_START: 'false', SMTP_URL: smtp.url, ...env });

/** `node adapters/node.js` at the root of its own origin, on a new SQLite file. */
async function startNode(env: (smtp: TestSmtp) => Record<string, string>, { killAll = true } = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-console-node-'));
  const smtp = await startSmtp(SMTP_LOGIN);
  let adapter: Awaited<ReturnType<typeof startNodeAdapter>> | undefined;
  const cleanUp = async () => {
    if (adapter) {
      adapter.signal('SIGTERM');
      await adapter.waitForExit(10_000).catch(() => undefined);
    }
    // A site of a whole test file may kill what is left; one started inside a test leaves the file's own running.
    if (killAll) await killLeftovers();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // startNodeAdapter waits for the "listening" line, logged at info.
    adapter = await startNodeAdapter({ ...env(smtp), LOG_LEVEL: 'info', DB_PATH: join(dir, 'data', 'app.sqlite') });
    return { origin: adapter.url, base: '', smtp, stop: cleanUp };
  } catch (error) {
    // A start that failed half-way leaves nothing running behind it.
    await cleanUp();
    throw error;
  }
}

/** adapters/passenger.cjs under Apache + mod_passenger at the sub-URI /filamenta, on `db`. */
async function startPassenger(db: ProvisionedDb, env: (smtp: TestSmtp) => Record<string, string>): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'filamenta-console-passenger-'));
  const smtp = await startSmtp(SMTP_LOGIN);
  let apache: Apache | undefined;
  const cleanUp = async () => {
    await apache?.stop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const appRoot = createAppRoot(join(dir, 'apps', 'filamenta'));
    apache = await Apache.start(dir, [{ url: 'filamenta', appRoot, env: { ...env(smtp), ...db.env } }]);
    return { origin: `http://127.0.0.1:${apache.port}`, base: '/filamenta', smtp, stop: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Once `started` is ready, its first administrator and mail settings, through the API. */
async function arranged(name: string, started: Started): Promise<ConsoleSite> {
  try {
    await waitReady(`${started.origin}${started.base}/health/ready`);
    return await arrange(name, started.origin, started.base, started.smtp, started.stop);
  } catch (error) {
    await started.stop();
    throw error;
  }
}

/** Once `started` answers at all (readiness stays 503 while migrations are pending), as it is. */
async function fresh(name: string, started: Started): Promise<FreshSite> {
  try {
    await waitReady(`${started.origin}${started.base}/health`);
    return { name, base: started.base, url: (path) => `${started.origin}${started.base}${path}`, smtp: started.smtp, stop: started.stop };
  } catch (error) {
    await started.stop();
    throw error;
  }
}

/** `node adapters/node.js` at the root of its own origin, on a fresh SQLite file, with its administrator. */
export async function nodeSite(): Promise<ConsoleSite> {
  return arranged('Node at the root (SQLite)', await startNode(() => ENV));
}

/** Node at the root on a new SQLite file (in a folder not made yet), nothing installed; `env` changes the configuration. */
export async function freshNodeSite(env: Record<string, string> = {}): Promise<FreshSite> {
  return fresh('Node at the root (SQLite, nothing installed)', await startNode((smtp) => freshEnv(smtp, env), { killAll: false }));
}

/** adapters/passenger.cjs under Apache + mod_passenger at the sub-URI /filamenta, on `db`, with its administrator. */
export async function passengerSite(db: ProvisionedDb): Promise<ConsoleSite> {
  return arranged(`Passenger at /filamenta (${db.type})`, await startPassenger(db, () => ENV));
}

/** Passenger at /filamenta on the empty database `db`, nothing installed. */
export async function freshPassengerSite(db: ProvisionedDb, env: Record<string, string> = {}): Promise<FreshSite> {
  return fresh(`Passenger at /filamenta (${db.type}, nothing installed)`, await startPassenger(db, (smtp) => freshEnv(smtp, env)));
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} never answered 200 (last ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
