/**
 * The order a ConfigError lists its problems in, which the adapters print on one line: an unreadable
 * NAME_FILE and the values envalid's type checks refuse first, then each concern's checks (HTTP, the
 * secret key, the database, auth, Redis, mail), whichever step finds them.
 */
import { expect, it } from 'vitest';

import { ConfigError, type EnvSource, loadConfig } from '#src/config.ts';

function listed(source: EnvSource): string[] {
  try {
    loadConfig(source, { appRoot: '/srv/filamenta' });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

it('lists the type checks first, then the concerns in their order', () => {
  const source = {
    NODE_ENV: 'production',
    SECRET_KEY: '',
    DATABASE_URL: 'ftp://x/y',
    DB_POOL_MAX: 'many',
    PUBLIC_URL: 'ftp://a',
    PORT: 'x',
  };
  expect(listed(source).map((line) => line.trim().split(':')[0])).toEqual([
    'PORT',
    'DB_POOL_MAX',
    'PUBLIC_URL',
    'SECRET_KEY',
    'DATABASE_URL',
  ]);
});

it('lists each concern’s problems where that concern is checked, whether a validator or a later check found them', () => {
  const source = {
    SMTP_URL: 'smtp://',
    SMTP_HOST: 'h',
    MAIL_FROM: 'bad',
    REDIS_URL: 'x',
    SETUP_TOKEN: 'short',
    ACCESS_TOKEN_TTL: '0',
    DB_POOL_MAX: '0',
    TRUST_PROXY: 'bad host',
    CORS_ORIGINS: 'x',
    APPLICATION_ROOT: '/a',
    BASE_PATH: '/b',
    LOCKOUT_MINUTES: '0',
  };
  expect(listed(source)).toEqual([
    '  APPLICATION_ROOT: conflicts with BASE_PATH ("/a" vs "/b"); set only one',
    '  TRUST_PROXY: not an address, CIDR or loopback/linklocal/uniquelocal: bad host',
    '  CORS_ORIGINS: each origin must look like https://example.com (no path): x',
    '  DB_POOL_MAX: must be at least 1',
    '  SETUP_TOKEN: is 5 characters; use at least 16 (or leave it unset)',
    '  ACCESS_TOKEN_TTL: must be at least 1 second',
    '  LOCKOUT_MINUTES: must be at least 1 while LOCKOUT_MAX_ATTEMPTS is on',
    '  REDIS_URL: expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
    '  MAIL_FROM: "bad" is not a mail address (name@example.com or Name <name@example.com>)',
    '  SMTP_HOST: SMTP_URL is set too; set only one',
    '  SMTP_URL: has no host; expected smtp://user:password@host:587 or smtps://user:password@host:465 (percent-encode @ : / % # in credentials)',
  ]);
});
