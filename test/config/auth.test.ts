import { describe, expect, it } from 'vitest';

import { type EnvSource, loadConfig, SECRET_VARIABLES } from '#src/config.ts';
import { configIssues } from '#test/support/config-issues.ts';

const load = (env: EnvSource) => loadConfig({ NODE_ENV: 'test', ...env }, { appRoot: '/srv/filamenta' });
const issues = (env: EnvSource) => configIssues({ NODE_ENV: 'test', ...env }, { appRoot: '/srv/filamenta' });

describe('auth configuration', () => {
  it('defaults: setup off, 15-minute access tokens, 30-day refresh tokens, 20/min, 5 attempts, 15 minutes', () => {
    expect(load({}).auth).toEqual({
      setupToken: undefined,
      accessTokenTtlS: 900,
      refreshTokenTtlS: 30 * 86_400,
      rateLimitPerMinute: 20,
      lockoutMaxAttempts: 5,
      lockoutMs: 15 * 60_000,
    });
  });

  it('reads every variable', () => {
    const auth = load({
      SETUP_TOKEN: ' a-long-enough-setup-token ',
      ACCESS_TOKEN_TTL: '60',
      REFRESH_TOKEN_TTL_DAYS: '2',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      LOCKOUT_MAX_ATTEMPTS: '3',
      LOCKOUT_MINUTES: '1',
    }).auth;
    expect(auth).toEqual({
      setupToken: 'a-long-enough-setup-token',
      accessTokenTtlS: 60,
      refreshTokenTtlS: 2 * 86_400,
      rateLimitPerMinute: 0,
      lockoutMaxAttempts: 3,
      lockoutMs: 60_000,
    });
  });

  it('names each bad value in one error', () => {
    expect(
      issues({ SETUP_TOKEN: 'short', ACCESS_TOKEN_TTL: '0', REFRESH_TOKEN_TTL_DAYS: '0', LOCKOUT_MINUTES: '0', LOCKOUT_MAX_ATTEMPTS: 'x' }),
    ).toEqual({
      SETUP_TOKEN: 'is 5 characters; use at least 16 (or leave it unset)',
      ACCESS_TOKEN_TTL: 'must be at least 1 second',
      REFRESH_TOKEN_TTL_DAYS: 'must be at least 1 day',
      LOCKOUT_MINUTES: 'must be at least 1 while LOCKOUT_MAX_ATTEMPTS is on',
      LOCKOUT_MAX_ATTEMPTS: 'invalid value "x": expected a whole number, 0 or more',
    });
  });

  it('treats SETUP_TOKEN and REDIS_URL as secrets', () => {
    expect(SECRET_VARIABLES).toEqual(expect.arrayContaining(['SETUP_TOKEN', 'REDIS_URL']));
  });

  it('REDIS_URL: unset means per-process limits; only redis:// and rediss:// URLs are accepted', () => {
    expect(load({}).redisUrl).toBeUndefined();
    expect(load({ REDIS_URL: 'rediss://:p%40ss@cache.internal:6380/2' }).redisUrl).toBe('rediss://:p%40ss@cache.internal:6380/2');
    for (const bad of ['127.0.0.1:6379', 'http://cache:6379']) {
      expect(issues({ REDIS_URL: bad })).toEqual({ REDIS_URL: 'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' });
    }
  });
});
