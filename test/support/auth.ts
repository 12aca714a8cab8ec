/**
 * An app for the auth tests: its own database, a clock the test moves, a real scrypt hasher with
 * cheap parameters (the production cost is covered by the unit tests), and request helpers.
 */
import { afterEach, beforeEach, vi } from 'vitest';

import type { RateLimitStore } from '../../src/http/rate-limit.ts';
import type { Logger } from '../../src/logger.ts';
import { createPasswordHasher, type DeriveFn, scryptDerive } from '../../src/modules/auth/password.ts';
import type { Mailer } from '../../src/modules/mail/mailer.ts';
import { buildTestApp, type TestApp } from './app.ts';
import { provisionDatabase, type ProvisionedDb, type TestDb } from './databases.ts';

export const SETUP_TOKEN = 'test-setup-token-0123456789';
export const PASSWORD = 'correct horse battery';

export interface AuthTestApp extends TestApp {
  db: ProvisionedDb;
  /** Moves the app's clock forward, and the wall clock too where a suite fakes it (`rateLimitWindowsMove`). */
  advance(ms: number): void;
  now(): Date;
  /** How many password derivations ran so far. */
  derivations(): number;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, token?: string): Promise<Response>;
  /** Creates an administrator through POST /api/v1/setup and logs in; returns the session. */
  admin(username?: string): Promise<Session>;
  login(login: string, password?: string): Promise<Response>;
  /** The app's mailer: `drain()` waits for the mails sent after an answer. */
  mailer: Mailer;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: number; username: string; role: string };
}

export async function buildAuthApp(
  type: TestDb,
  env: Record<string, string> = {},
  options: { remoteAddress?: string; rateLimitStore?: RateLimitStore; logger?: Logger } = {},
): Promise<AuthTestApp> {
  const db = await provisionDatabase(type);
  let now = Date.parse('2030-01-01T00:00:00Z');
  let count = 0;
  const derive: DeriveFn = (password, salt, params) => {
    count++;
    return scryptDerive(password, salt, params);
  };
  const hasher = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 }, derive });
  const base = await buildTestApp(
    { ...db.env, SETUP_TOKEN, RATE_LIMIT_AUTH_PER_MINUTE: '0', RATE_LIMIT_CONTACT_PER_MINUTE: '0', ...env },
    {
      logger: options.logger,
      remoteAddress: () => options.remoteAddress,
      services: { clock: () => new Date(now), hasher, rateLimitStore: options.rateLimitStore },
    },
  );
  const { app, services } = base;
  const mailer = services.mailer;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const login = (name: string, password = PASSWORD) => post('/api/v1/auth/login', { login: name, password });
  return {
    ...base,
    app,
    db,
    advance: (ms) => {
      now += ms;
      if (vi.isFakeTimers()) vi.advanceTimersByTime(ms);
    },
    now: () => new Date(now),
    derivations: () => count,
    post,
    get: async (path, token) => app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    login,
    mailer,
    async admin(username = 'root') {
      const created = await post('/api/v1/setup', { token: SETUP_TOKEN, username, email: `${username}@example.com`, password: PASSWORD });
      if (created.status !== 201) throw new Error(`setup answered ${created.status}: ${await created.text()}`);
      return (await (await login(username)).json()) as Session;
    },
    close: async () => {
      await mailer.drain();
      await base.close();
      await db.drop();
    },
  };
}

/**
 * Rate-limit windows follow the wall clock (rate-limiter-flexible reads `Date.now()`, and the
 * database stores compare with it), not the app's: a suite whose tests move past a window fakes
 * `Date` alone (timers stay real), and `advance` then moves both clocks.
 */
export function rateLimitWindowsMove(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** `rateLimitWindowsMove` for one test: `Date` is faked while `test` runs. */
export async function withMovingWindows(test: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    await test();
  } finally {
    vi.useRealTimers();
  }
}
