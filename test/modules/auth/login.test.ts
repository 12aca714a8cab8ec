/** Login by username or email, lockout with an injected clock, per-IP rate limit, timing parity. */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { AuditEvent, User } from '#src/db/entities/index.ts';
import { memoryRateLimitStore } from '#src/http/rate-limit.ts';
import { createPasswordHasher } from '#src/modules/auth/password.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, rateLimitWindowsMove } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const MINUTE = 60_000;

describeEachDatabase('login and lockout', (type) => {
  let t: AuthTestApp;
  beforeEach(async () => {
    t = await buildAuthApp(type);
    await t.admin('root');
  });
  afterEach(() => t?.close());

  const actions = async () => (await t.orm.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } })).map((e) => e.action);
  const failTimes = async (n: number) => {
    const statuses = [];
    for (let i = 0; i < n; i++) statuses.push((await t.login('root', 'wrong password')).status);
    return statuses;
  };

  it('logs in by username or by email, any case: tokens, expiresIn and the user', async () => {
    for (const name of ['root', 'ROOT@example.com']) {
      const res = await t.login(name);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username: 'root', role: 'admin' } });
      expect(body.accessToken.split('.')).toHaveLength(3);
      expect(body.refreshToken).toMatch(/^[\w-]{43}$/);
      expect(body.user.lastLoginAt).toBe(t.now().toISOString());
    }
    expect((await actions()).filter((a) => a === 'auth.login')).toHaveLength(3);
  });

  it('answers 401 with a Bearer challenge for a wrong password and for an unknown account alike', async () => {
    const wrong = await t.login('root', 'wrong password');
    const unknown = await t.login('nobody', 'wrong password');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await json(wrong)).detail).toBe((await json(unknown)).detail);
    const failed = await t.orm.fork().find(AuditEvent, { action: 'auth.login_failed' }, { orderBy: { id: 'asc' } });
    expect(failed.map((e) => [e.targetId, e.details?.login])).toEqual([
      ['1', 'root'],
      [null, 'nobody'],
    ]);
  });

  it('spends one password derivation on an unknown account, as on a known one', async () => {
    const counts: number[] = [];
    for (const name of ['root', 'nobody', 'nobody@example.com']) {
      const before = t.derivations();
      await t.login(name, 'wrong password');
      counts.push(t.derivations() - before);
    }
    expect(counts).toEqual([1, 1, 1]);
  });

  it('answers 422 with field errors for a missing or oversized field', async () => {
    const res = await t.post('/api/v1/auth/login', { password: 'x'.repeat(257) });
    expect(res.status).toBe(422);
    expect((await json(res)).errors.map((e: { path: string }) => e.path).sort()).toEqual(['login', 'password']);
  });

  it('locks the account at the 5th failure (429, Retry-After 900), even for the right password', async () => {
    expect(await failTimes(5)).toEqual([401, 401, 401, 401, 429]);
    const locked = await t.login('root');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    t.advance(5 * MINUTE);
    expect((await t.login('root')).headers.get('retry-after')).toBe('600');
    expect((await actions()).filter((a) => a === 'auth.lockout')).toHaveLength(1);
  });

  it('counts parallel failures one after another: 8 at once lock the account at the 5th', async () => {
    // Each failure re-reads the count under a row lock: were they to read it together and each write
    // back that count plus one, 8 parallel guesses would never lock the account.
    const statuses = await Promise.all(Array.from({ length: 8 }, () => t.login('root', 'wrong password')));
    expect(statuses.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    // A guess that reads the account after the 5th has locked it is refused as locked without being
    // counted, so how many of the last three counted depends on timing (all of them here, none in a
    // slow CI run): 5 to 8. Lost updates would leave fewer than 5 and no lock.
    const counted = (await t.orm.fork().findOneOrFail(User, { username: 'root' })).failedLoginCount;
    expect(counted).toBeGreaterThanOrEqual(5);
    expect(counted).toBeLessThanOrEqual(8);
    expect((await t.login('root')).status).toBe(429);
    // And parallel right passwords (after the lock) all succeed: the account row is written first.
    t.advance(16 * MINUTE);
    const logins = await Promise.all(Array.from({ length: 8 }, () => t.login('root')));
    expect(logins.map((r) => r.status)).toEqual(Array(8).fill(200));
  });

  it('unlocks after 15 minutes: the right password works and resets the count', async () => {
    await failTimes(5);
    t.advance(15 * MINUTE);
    expect((await t.login('root')).status).toBe(200);
    const user = await t.orm.fork().findOneOrFail(User, { username: 'root' });
    expect([user.failedLoginCount, user.lockedUntil]).toEqual([0, null]);
    expect(await failTimes(4)).toEqual([401, 401, 401, 401]);
  });

  it('an expired lock starts a fresh count of failures', async () => {
    await failTimes(5);
    t.advance(15 * MINUTE + 1000);
    expect(await failTimes(5)).toEqual([401, 401, 401, 401, 429]);
  });

  it('follows LOCKOUT_MAX_ATTEMPTS and LOCKOUT_MINUTES', async () => {
    const custom = await buildAuthApp(type, { LOCKOUT_MAX_ATTEMPTS: '2', LOCKOUT_MINUTES: '1' });
    try {
      await custom.admin('root');
      expect((await custom.login('root', 'bad')).status).toBe(401);
      const locked = await custom.login('root', 'bad');
      expect([locked.status, locked.headers.get('retry-after')]).toEqual([429, '60']);
    } finally {
      await custom.close();
    }
  });

  it('refuses a disabled account with 403, only once the password is right', async () => {
    const em = t.orm.fork();
    const user = await em.findOneOrFail(User, { username: 'root' });
    user.active = false;
    await em.flush();
    expect((await t.login('root', 'wrong password')).status).toBe(401);
    expect((await t.login('root', PASSWORD)).status).toBe(403);
  });
});

describeEachDatabase('password re-hash at login', (type) => {
  it('re-hashes a password stored with older parameters at its next successful login, and the next login still works', async () => {
    const t = await buildAuthApp(type);
    try {
      await t.admin('root');
      const older = createPasswordHasher({ params: { log2N: 9, r: 8, p: 1 } });
      const stored = async () => (await t.orm.fork().findOneOrFail(User, { username: 'root' })).passwordHash;
      const oldHash = await older.hash(PASSWORD);
      await t.orm.fork().nativeUpdate(User, { username: 'root' }, { passwordHash: oldHash });
      // A wrong password changes nothing.
      expect((await t.login('root', 'wrong password')).status).toBe(401);
      expect(await stored()).toBe(oldHash);
      expect((await t.login('root')).status).toBe(200);
      const newHash = await stored();
      expect(newHash).not.toBe(oldHash);
      // The app's own parameters (the test hasher's: N=2^10, r=8, p=1).
      expect(newHash).toMatch(/^scrypt\$10\$8\$1\$/);
      expect((await t.login('root')).status).toBe(200);
      expect(await stored()).toBe(newHash);
    } finally {
      await t.close();
    }
  });
});

describeEachDatabase('auth rate limit', (type) => {
  rateLimitWindowsMove();

  it('allows RATE_LIMIT_AUTH_PER_MINUTE requests per client address a minute, then 429 with Retry-After', async () => {
    const t = await buildAuthApp(type, { RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.login('nobody', 'whatever')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await t.post('/api/v1/auth/refresh', { refreshToken: 'x' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(limited.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=60');
      expect(limited.headers.get('ratelimit')).toBe('"auth";r=0;t=60');
      expect((await json(limited)).detail).toBe('More than 3 requests from this address a minute; try again in 60 seconds');
      t.advance(30_000);
      expect((await t.login('nobody', 'whatever')).headers.get('retry-after')).toBe('30');
      t.advance(30_000);
      const again = await t.login('nobody', 'whatever');
      expect(again.status).toBe(401);
      expect(again.headers.get('ratelimit')).toBe('"auth";r=2;t=60');
    } finally {
      await t.close();
    }
  });

  it('also limits login attempts per account, from however many addresses', async () => {
    const store = memoryRateLimitStore();
    const env = { RATE_LIMIT_AUTH_PER_MINUTE: '3' };
    const fromA = await buildAuthApp(type, env, { remoteAddress: '203.0.113.1', rateLimitStore: store });
    const fromB = await buildAuthApp(type, env, { remoteAddress: '203.0.113.2', rateLimitStore: store });
    try {
      const statuses = [];
      for (const t of [fromA, fromB, fromA, fromB]) statuses.push((await t.login('Target', 'whatever')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await fromA.login('target', 'whatever');
      expect((await json(limited)).detail).toMatch(/^More than 3 login attempts for this account a minute; try again in \d+ seconds?$/);
      expect(limited.headers.get('ratelimit-policy')).toBe('"login-account";q=3;w=60');
      expect((await fromB.login('someone-else', 'whatever')).status).toBe(401);
    } finally {
      await fromA.close();
      await fromB.close();
    }
  });
});
