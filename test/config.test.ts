import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  type Config,
  ConfigError,
  type DbConfig,
  describeDatabase,
  type EnvSource,
  loadConfig,
  normaliseBasePath,
  POOL_DEFAULTS,
  type Target,
} from '#src/config.ts';

const ROOT = '/srv/filamenta';
const GOOD_KEY = 'k7Qp2vX9mZr4Lt8Wn3Jd6Hs1Fb5Gc0Ya';
const PRODUCTION = { NODE_ENV: 'production', SECRET_KEY: GOOD_KEY, DB_TYPE: 'postgresql' };

const tmp = mkdtempSync(join(tmpdir(), 'filamenta-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fileCount = 0;
function tempFile(content: string): string {
  const path = join(tmp, `file-${++fileCount}`);
  writeFileSync(path, content);
  return path;
}

function load(source: EnvSource, options: { inPassenger?: boolean; appRoot?: string } = {}): Readonly<Config> {
  return loadConfig(source, { appRoot: ROOT, ...options });
}

/** The ConfigError `source` must produce; fails the test when it loads or throws something else. */
function configError(source: EnvSource, options: { inPassenger?: boolean } = {}): ConfigError {
  try {
    load(source, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(source)}`);
}

function issues(source: EnvSource, options: { inPassenger?: boolean } = {}): Record<string, string> {
  return { ...configError(source, options).issues };
}

describe('sources and precedence', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = load({});
    expect(config).toMatchObject({
      env: 'development',
      target: 'node',
      appRoot: ROOT,
      host: '127.0.0.1',
      port: 3000,
      basePath: '',
      publicUrl: undefined,
      trustProxy: [],
      forceHttps: false,
      hsts: { maxAge: 31_536_000, includeSubDomains: true, preload: false },
      logLevel: 'info',
      corsOrigins: [],
      bodyLimit: 10 * 1024 * 1024,
      shutdownTimeoutMs: 10_000,
      migrateOnStart: true,
    });
  });

  it('a value in the source overrides its default, and an empty value counts as unset', () => {
    const config = load({ HOST: '0.0.0.0', PORT: '8080', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '' });
    expect([config.host, config.port, config.logLevel, config.shutdownTimeoutMs]).toEqual(['0.0.0.0', 8080, 'debug', 10_000]);
  });

  it('NAME_FILE reads the value from the file and strips its trailing \\n', () => {
    const config = load({ SECRET_KEY_FILE: tempFile(`${GOOD_KEY}\n`) });
    expect(config.secretKey).toBe(GOOD_KEY);
    expect(config.secretKeyGenerated).toBe(false);
  });

  it('NAME_FILE strips a trailing \\r\\n', () => {
    const config = load({ DB_TYPE: 'mysql', DB_PASSWORD_FILE: tempFile('from-file\r\n') });
    expect(config.db.password).toBe('from-file');
  });

  it('NAME_FILE strips only one trailing newline', () => {
    const config = load({ DB_TYPE: 'mysql', DB_PASSWORD_FILE: tempFile('two-lines\n\n') });
    expect(config.db.password).toBe('two-lines\n');
  });

  it('setting both NAME and NAME_FILE is an error under NAME_FILE', () => {
    expect(issues({ SECRET_KEY: GOOD_KEY, SECRET_KEY_FILE: tempFile(GOOD_KEY) })).toEqual({
      SECRET_KEY_FILE: 'both SECRET_KEY and SECRET_KEY_FILE are set; keep one',
    });
  });

  it('an unreadable NAME_FILE names the path and ENOENT', () => {
    const missing = join(tmp, 'no-such-file');
    expect(issues({ DB_TYPE: 'mysql', DB_PASSWORD_FILE: missing })).toEqual({
      DB_PASSWORD_FILE: `cannot read "${missing}": ENOENT`,
    });
  });
});

describe('one error for every problem', () => {
  it('lists every invalid variable in a single ConfigError', () => {
    const bad = {
      NODE_ENV: 'staging',
      DEPLOYMENT_TARGET: 'heroku',
      PORT: '99999',
      BODY_LIMIT: 'ten',
      LOG_LEVEL: 'loud',
      DB_POOL_MAX: 'many',
      CORS_ORIGINS: 'https://a.example/app',
      DB_TYPE: 'oracle',
    };
    const error = configError(bad);
    expect(error.name).toBe('ConfigError');
    expect(error.issues).toEqual({
      NODE_ENV: 'invalid value "staging": must be one of development, test, production',
      DEPLOYMENT_TARGET: 'invalid value "heroku": must be one of auto, node, cpanel, container, vps, lambda',
      PORT: 'invalid value "99999": expected a port number from 1 to 65535',
      BODY_LIMIT: 'invalid value "ten": expected a size such as 1048576, 512kb or 10mb',
      LOG_LEVEL: 'invalid value "loud": must be one of fatal, error, warn, info, debug, trace, silent',
      DB_POOL_MAX: 'invalid value "many": expected a whole number, 0 or more',
      CORS_ORIGINS: 'each origin must look like https://example.com (no path): https://a.example/app',
      DB_TYPE: 'unknown database type "oracle"; use sqlite, mysql, mariadb or postgresql',
    });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration (8 problems):');
    for (const [name, reason] of Object.entries(error.issues)) expect(lines).toContain(`  ${name}: ${reason}`);
    expect(lines).toHaveLength(9);
  });

  it('says "1 problem" for a single one', () => {
    expect(configError({ PORT: '0' }).message).toBe(
      'Invalid configuration (1 problem):\n  PORT: invalid value "0": expected a port number from 1 to 65535',
    );
  });
});

describe('runtime and target', () => {
  it.each(['development', 'test', 'production'] as const)('NODE_ENV=%s is accepted', (env) => {
    expect(load({ ...PRODUCTION, NODE_ENV: env }).env).toBe(env);
  });

  it.each(['node', 'cpanel', 'container', 'vps', 'lambda'] as const)('DEPLOYMENT_TARGET=%s is taken as given', (target) => {
    expect(load({ DEPLOYMENT_TARGET: target, AWS_LAMBDA_FUNCTION_NAME: 'fn', IN_PASSENGER: '1' }).target).toBe(target);
  });

  it.each<[string, EnvSource, boolean, Target]>([
    ['PASSENGER_BASE_URI', { PASSENGER_BASE_URI: '/app' }, false, 'cpanel'],
    ['IN_PASSENGER=1', { IN_PASSENGER: '1' }, false, 'cpanel'],
    ['the inPassenger option', {}, true, 'cpanel'],
    ['AWS_LAMBDA_FUNCTION_NAME', { AWS_LAMBDA_FUNCTION_NAME: 'filamenta-api' }, false, 'lambda'],
    ['IN_PASSENGER=0 alone', { IN_PASSENGER: '0' }, false, 'node'],
    ['no marker', {}, false, 'node'],
  ])('DEPLOYMENT_TARGET=auto with %s detects its target', (_name, source, inPassenger, target) => {
    expect(load({ DEPLOYMENT_TARGET: 'auto', ...source }, { inPassenger }).target).toBe(target);
  });

  it.each(['0', '65536', 'http', '80.5'])('PORT=%s is rejected', (value) => {
    expect(issues({ PORT: value })).toEqual({ PORT: `invalid value "${value}": expected a port number from 1 to 65535` });
  });

  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const)('LOG_LEVEL=%s is accepted', (level) => {
    expect(load({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it('MIGRATE_ON_START defaults on in development only, and can be set', () => {
    expect(load({}).migrateOnStart).toBe(true);
    expect(load(PRODUCTION).migrateOnStart).toBe(false);
    expect(load({ ...PRODUCTION, MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
  });
});

describe('base path and public URL', () => {
  it.each([
    ['/x/', '/x'],
    ['x', '/x'],
    ['/', ''],
    ['//a//b/', '/a/b'],
  ])('BASE_PATH=%s becomes "%s"', (input, expected) => {
    expect(normaliseBasePath(input)).toBe(expected);
    expect(load({ BASE_PATH: input }).basePath).toBe(expected);
  });

  it.each([
    ['/a b', '"/a b" is not a URL path (no spaces, ?, # or \\)'],
    ['/a?x', '"/a?x" is not a URL path (no spaces, ?, # or \\)'],
    ['/../x', '"/../x" must not contain . or .. segments'],
  ])('BASE_PATH=%s is rejected', (input, reason) => {
    expect(() => normaliseBasePath(input)).toThrow(reason);
    expect(issues({ BASE_PATH: input })).toEqual({ BASE_PATH: `invalid value "${input}": ${reason}` });
  });

  it('APPLICATION_ROOT is an alias of BASE_PATH', () => {
    expect(load({ APPLICATION_ROOT: '/api/' }).basePath).toBe('/api');
  });

  it('BASE_PATH and APPLICATION_ROOT may agree but not conflict', () => {
    expect(load({ BASE_PATH: '/a/', APPLICATION_ROOT: 'a' }).basePath).toBe('/a');
    expect(issues({ BASE_PATH: '/a', APPLICATION_ROOT: '/b' })).toEqual({
      APPLICATION_ROOT: 'conflicts with BASE_PATH ("/b" vs "/a"); set only one',
    });
  });

  it('PASSENGER_BASE_URI is the base path only when neither BASE_PATH nor APPLICATION_ROOT is set', () => {
    expect(load({ PASSENGER_BASE_URI: '/p' }).basePath).toBe('/p');
    expect(load({ PASSENGER_BASE_URI: '/p', BASE_PATH: '/b' }).basePath).toBe('/b');
    expect(load({ PASSENGER_BASE_URI: '/p', APPLICATION_ROOT: '/r' }).basePath).toBe('/r');
  });

  it('PUBLIC_URL keeps origin and path without a trailing slash', () => {
    expect(load({ PUBLIC_URL: 'https://api.example.com/v1/' }).publicUrl).toBe('https://api.example.com/v1');
    expect(load({ PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe('http://localhost:3000');
  });

  it.each(['ftp://files.example.com', 'not a url'])('PUBLIC_URL=%s is rejected', (value) => {
    expect(issues({ PUBLIC_URL: value })).toEqual({ PUBLIC_URL: `"${value}" is not an http(s) URL` });
  });
});

describe('proxy, HTTPS and request limits', () => {
  it('TRUST_PROXY trusts nobody by default, the loopback on cpanel and lambda', () => {
    expect(load({}).trustProxy).toEqual([]);
    expect(load({ DEPLOYMENT_TARGET: 'cpanel' }).trustProxy).toEqual(['loopback']);
    expect(load({ DEPLOYMENT_TARGET: 'lambda' }).trustProxy).toEqual(['loopback']);
    expect(load({ DEPLOYMENT_TARGET: 'container' }).trustProxy).toEqual([]);
  });

  it('TRUST_PROXY=false trusts nobody, even on cpanel and lambda', () => {
    expect(load({ DEPLOYMENT_TARGET: 'cpanel', TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
    expect(load({ DEPLOYMENT_TARGET: 'lambda', TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
  });

  it('TRUST_PROXY=true trusts every address', () => {
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('TRUST_PROXY takes a list of names, addresses and CIDRs', () => {
    expect(load({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('TRUST_PROXY names each invalid entry', () => {
    expect(issues({ TRUST_PROXY: 'loopback, proxy.local, 10.0.0.0/8, my host' })).toEqual({
      TRUST_PROXY: 'not an address, CIDR or loopback/linklocal/uniquelocal: proxy.local, my host',
    });
  });

  it('FORCE_HTTPS and HSTS_* are read as given', () => {
    const config = load({ FORCE_HTTPS: 'true', HSTS_MAX_AGE: '600', HSTS_INCLUDE_SUBDOMAINS: 'false', HSTS_PRELOAD: 'yes' });
    expect(config.forceHttps).toBe(true);
    expect(config.hsts).toEqual({ maxAge: 600, includeSubDomains: false, preload: true });
    expect(load({ HSTS_MAX_AGE: '0' }).hsts.maxAge).toBe(0);
  });

  it('FORCE_HTTPS and HSTS_MAX_AGE reject what they cannot read', () => {
    expect(issues({ FORCE_HTTPS: 'maybe', HSTS_MAX_AGE: '-1', HSTS_PRELOAD: '2' })).toEqual({
      FORCE_HTTPS: 'invalid value "maybe": expected true or false',
      HSTS_MAX_AGE: 'invalid value "-1": expected a whole number, 0 or more',
      HSTS_PRELOAD: 'invalid value "2": expected true or false',
    });
    expect(issues({ HSTS_MAX_AGE: '1.5' })).toEqual({ HSTS_MAX_AGE: 'invalid value "1.5": expected a whole number, 0 or more' });
  });

  it('CORS_ORIGINS takes a list of origins or *', () => {
    expect(load({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(load({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('CORS_ORIGINS rejects an origin with a path', () => {
    expect(issues({ CORS_ORIGINS: 'https://ok.example,https://a.example/app' })).toEqual({
      CORS_ORIGINS: 'each origin must look like https://example.com (no path): https://a.example/app',
    });
  });

  it.each([
    ['10mb', 10_485_760],
    ['512kb', 524_288],
    ['1048576', 1_048_576],
    ['1.5k', 1536],
  ])('BODY_LIMIT=%s is %i bytes', (value, bytes) => {
    expect(load({ BODY_LIMIT: value }).bodyLimit).toBe(bytes);
  });

  it('BODY_LIMIT rejects what is not a size', () => {
    expect(issues({ BODY_LIMIT: 'ten' })).toEqual({ BODY_LIMIT: 'invalid value "ten": expected a size such as 1048576, 512kb or 10mb' });
    expect(issues({ BODY_LIMIT: '0' })).toEqual({ BODY_LIMIT: 'invalid value "0": must be at least 1 byte' });
  });

  it('SHUTDOWN_TIMEOUT_MS takes whole milliseconds', () => {
    expect(load({ SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    expect(issues({ SHUTDOWN_TIMEOUT_MS: '5s' })).toEqual({
      SHUTDOWN_TIMEOUT_MS: 'invalid value "5s": expected a whole number, 0 or more',
    });
  });
});

describe('database choice', () => {
  it('with no database variable it is SQLite at <appRoot>/data/filamenta.sqlite', () => {
    expect(load({}).db).toMatchObject({ type: 'sqlite', path: `${ROOT}/data/filamenta.sqlite`, source: 'default' });
  });

  it('DB_PATH is resolved under the app root unless absolute', () => {
    expect(load({ DB_PATH: 'var/app.db' }).db.path).toBe(`${ROOT}/var/app.db`);
    expect(load({ DB_PATH: '/var/lib/filamenta/app.db' }).db.path).toBe('/var/lib/filamenta/app.db');
    expect(load({ DB_TYPE: 'sqlite', DB_PATH: 'x.db' }).db).toMatchObject({ type: 'sqlite', path: `${ROOT}/x.db`, source: 'DB_TYPE' });
  });

  it('DATABASE_URL overrides DB_TYPE and every DB_* part', () => {
    const db = load({
      DATABASE_URL: 'postgres://url-user:url-pass@pg.internal:6543/url_db',
      DB_TYPE: 'mysql',
      DB_HOST: 'mysql.internal',
      DB_PORT: '3307',
      DB_USER: 'part-user',
      DB_PASSWORD: 'part-pass',
      DB_NAME: 'part_db',
    }).db;
    expect(db).toMatchObject({
      type: 'postgresql',
      host: 'pg.internal',
      port: 6543,
      user: 'url-user',
      password: 'url-pass',
      name: 'url_db',
      source: 'DATABASE_URL',
    });
  });

  it.each([
    ['mysql://u:p@db.example/app', 'mysql', 3306],
    ['mariadb://u:p@db.example/app', 'mariadb', 3306],
    ['postgres://u:p@db.example/app', 'postgresql', 5432],
    ['postgresql://u:p@db.example/app', 'postgresql', 5432],
    ['mysql://u:p@db.example:3310/app', 'mysql', 3310],
  ])('DATABASE_URL=%s selects %s on port %i', (url, type, port) => {
    expect(load({ DATABASE_URL: url }).db).toMatchObject({ type, port, host: 'db.example', user: 'u', password: 'p', name: 'app' });
  });

  it.each([
    ['sqlite::memory:', ':memory:'],
    ['sqlite:relative/file.db', `${ROOT}/relative/file.db`],
    ['sqlite:///abs/file.db', '/abs/file.db'],
  ])('DATABASE_URL=%s is SQLite at %s', (url, path) => {
    expect(load({ DATABASE_URL: url }).db).toMatchObject({ type: 'sqlite', path, source: 'DATABASE_URL' });
  });

  it.each([
    ['mongodb://h/db', 'unsupported scheme "mongodb:"; use sqlite:, mysql:, mariadb:, postgres: or postgresql:'],
    ['localhost/db', 'is not a URL (sqlite:path, mysql://, mariadb://, postgres://); percent-encode @ : / % # in credentials'],
    ['mysql://u:p@db.example', 'has no database name (…/dbname)'],
    ['mysql://u:%E0%A4%A@db.example/app', 'has a malformed percent-encoding in its credentials or database name'],
    ['sqlite:data/100%.db', 'has a malformed percent-encoding in its file path'],
  ])('DATABASE_URL=%s is rejected', (url, reason) => {
    expect(issues({ DATABASE_URL: url })).toEqual({ DATABASE_URL: reason });
  });

  it.each([
    ['mysql', 'mysql', 3306],
    ['mariadb', 'mariadb', 3306],
    ['postgresql', 'postgresql', 5432],
    ['postgres', 'postgresql', 5432],
  ])('DB_TYPE=%s selects %s on port %i', (given, type, port) => {
    expect(load({ DB_TYPE: given }).db).toMatchObject({
      type,
      port,
      host: 'localhost',
      user: 'filamenta',
      password: '',
      name: 'filamenta',
      source: 'DB_TYPE',
    });
  });

  it('DB_* parts override the defaults', () => {
    const db = load({ DB_TYPE: 'postgres', DB_HOST: 'pg', DB_PORT: '6000', DB_USER: 'app', DB_PASSWORD: 'pw', DB_NAME: 'main' }).db;
    expect(db).toMatchObject({ type: 'postgresql', host: 'pg', port: 6000, user: 'app', password: 'pw', name: 'main' });
  });

  it('an unknown DB_TYPE is an error, not a silent SQLite fallback', () => {
    expect(issues({ DB_TYPE: 'oracle' })).toEqual({ DB_TYPE: 'unknown database type "oracle"; use sqlite, mysql, mariadb or postgresql' });
  });

  it('credentials with @ : / % # come out the same from a URL and from parts', () => {
    const user = 'ad@min:x';
    const password = 'p@ss:w/o%rd#1';
    const fromUrl = load({ DATABASE_URL: `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@db.example:3306/app` }).db;
    const fromParts = load({ DB_TYPE: 'mysql', DB_HOST: 'db.example', DB_USER: user, DB_PASSWORD: password, DB_NAME: 'app' }).db;
    const pick = (db: DbConfig) => [db.type, db.host, db.port, db.user, db.password, db.name];
    expect(pick(fromUrl)).toEqual(['mysql', 'db.example', 3306, user, password, 'app']);
    expect(pick(fromParts)).toEqual(pick(fromUrl));
  });

  it('DB_SSL is off by default, true verifies, no-verify does not', () => {
    expect(load({ DB_TYPE: 'postgresql' }).db.ssl).toBe(false);
    expect(load({ DB_TYPE: 'postgresql', DB_SSL: 'true' }).db.ssl).toEqual({ rejectUnauthorized: true });
    expect(load({ DB_TYPE: 'postgresql', DB_SSL: 'no-verify' }).db.ssl).toEqual({ rejectUnauthorized: false });
    expect(issues({ DB_SSL: 'require' })).toEqual({ DB_SSL: 'invalid value "require": must be one of false, true, no-verify' });
  });

  it('DB_SSL_CA reads the CA bundle, relative to the app root', () => {
    const appRoot = mkdtempSync(join(tmp, 'root-'));
    mkdirSync(join(appRoot, 'certs'));
    writeFileSync(join(appRoot, 'certs/ca.pem'), 'relative-ca');
    const absolute = tempFile('absolute-ca');
    const relative = loadConfig({ DB_TYPE: 'mysql', DB_SSL: 'true', DB_SSL_CA: 'certs/ca.pem' }, { appRoot });
    expect(relative.db.ssl).toEqual({ rejectUnauthorized: true, ca: 'relative-ca' });
    expect(load({ DB_TYPE: 'mysql', DB_SSL: 'true', DB_SSL_CA: absolute }).db.ssl).toEqual({ rejectUnauthorized: true, ca: 'absolute-ca' });
  });

  it('DB_SSL_CA is an error when unreadable or when DB_SSL is false', () => {
    const missing = join(tmp, 'missing-ca.pem');
    expect(issues({ DB_TYPE: 'mysql', DB_SSL: 'true', DB_SSL_CA: missing })).toEqual({ DB_SSL_CA: `cannot read "${missing}": ENOENT` });
    expect(issues({ DB_TYPE: 'mysql', DB_SSL_CA: tempFile('ca') })).toEqual({ DB_SSL_CA: 'is set but DB_SSL is false' });
  });

  it.each([
    ['?sslmode=require', { rejectUnauthorized: false }],
    ['?sslmode=verify-full', { rejectUnauthorized: true }],
    ['?ssl=true', { rejectUnauthorized: true }],
    ['?sslmode=disable', false],
  ])('DATABASE_URL with %s sets ssl', (query, ssl) => {
    expect(load({ DATABASE_URL: `postgres://u:p@db.example/app${query}` }).db.ssl).toEqual(ssl);
  });
});

describe('connection pool', () => {
  it('the presets differ by target: few on a shared host, one in a function', () => {
    expect(POOL_DEFAULTS.lambda.max).toBe(1);
    expect(POOL_DEFAULTS.cpanel.max).toBeLessThan(POOL_DEFAULTS.node.max);
    expect(POOL_DEFAULTS.node.max).toBeLessThan(POOL_DEFAULTS.vps.max);
    expect(POOL_DEFAULTS.container).toEqual(POOL_DEFAULTS.vps);
  });

  it.each(['cpanel', 'lambda', 'container', 'vps', 'node'] as const)('DEPLOYMENT_TARGET=%s uses its preset', (target) => {
    const { connectTimeoutMs, ...pool } = POOL_DEFAULTS[target];
    const db = load({ DEPLOYMENT_TARGET: target, DB_TYPE: 'mariadb' }).db;
    expect(db.pool).toEqual(pool);
    expect(db.connectTimeoutMs).toBe(connectTimeoutMs);
  });

  it('each DB_POOL_* and DB_CONNECT_TIMEOUT_MS overrides the preset', () => {
    const db = load({
      DEPLOYMENT_TARGET: 'cpanel',
      DB_TYPE: 'mysql',
      DB_POOL_MIN: '1',
      DB_POOL_MAX: '7',
      DB_POOL_IDLE_TIMEOUT_MS: '1111',
      DB_POOL_ACQUIRE_TIMEOUT_MS: '2222',
      DB_POOL_MAX_LIFETIME_S: '333',
      DB_POOL_PRE_PING: 'false',
      DB_CONNECT_TIMEOUT_MS: '4444',
    }).db;
    expect(db.pool).toEqual({ min: 1, max: 7, idleTimeoutMs: 1111, acquireTimeoutMs: 2222, maxLifetimeS: 333, prePing: false });
    expect(db.connectTimeoutMs).toBe(4444);
  });

  it('DB_POOL_MIN larger than DB_POOL_MAX is an error, also against the preset', () => {
    expect(issues({ DB_POOL_MIN: '5', DB_POOL_MAX: '2' })).toEqual({ DB_POOL_MIN: '(5) is larger than DB_POOL_MAX (2)' });
    expect(issues({ DEPLOYMENT_TARGET: 'cpanel', DB_POOL_MIN: '4' })).toEqual({ DB_POOL_MIN: '(4) is larger than DB_POOL_MAX (3)' });
    expect(issues({ DB_POOL_MAX: '0' })).toEqual({ DB_POOL_MAX: 'must be at least 1' });
  });

  it('non-numeric pool values are errors', () => {
    expect(
      issues({ DB_POOL_MAX: 'ten', DB_POOL_IDLE_TIMEOUT_MS: '1.5s', DB_CONNECT_TIMEOUT_MS: '-1', DB_POOL_PRE_PING: 'sometimes' }),
    ).toEqual({
      DB_POOL_MAX: 'invalid value "ten": expected a whole number, 0 or more',
      DB_POOL_IDLE_TIMEOUT_MS: 'invalid value "1.5s": expected a whole number, 0 or more',
      DB_CONNECT_TIMEOUT_MS: 'invalid value "-1": expected a whole number, 0 or more',
      DB_POOL_PRE_PING: 'invalid value "sometimes": expected true or false',
    });
  });
});

describe('secrets', () => {
  it('production without SECRET_KEY is an error that mentions production', () => {
    expect(issues({ ...PRODUCTION, SECRET_KEY: '' })).toEqual({ SECRET_KEY: 'is not set (required in production)' });
  });

  it('a 31-character SECRET_KEY is too short in production', () => {
    expect(issues({ ...PRODUCTION, SECRET_KEY: 'a'.repeat(31) })).toEqual({
      SECRET_KEY: 'is 31 characters; at least 32 are required (required in production)',
    });
  });

  it('a long placeholder SECRET_KEY is refused in production', () => {
    const reason = issues({ ...PRODUCTION, SECRET_KEY: 'change-me-change-me-change-me-123' }).SECRET_KEY;
    expect(reason).toMatch(/^is a known placeholder; generate one with: node -e .*\(required in production\)$/);
  });

  it('a good SECRET_KEY of 32+ characters is used as given', () => {
    const config = load(PRODUCTION);
    expect(config.secretKey).toBe(GOOD_KEY);
    expect(config.secretKeyGenerated).toBe(false);
    expect(config.warnings).toEqual([]);
  });

  it('development without SECRET_KEY generates a 43-character key for the process and warns', () => {
    const first = load({});
    expect(first.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.secretKeyGenerated).toBe(true);
    expect(first.warnings).toContain('SECRET_KEY is not set: using a random key for this process only; tokens will not survive a restart');
    expect(load({}).secretKey).not.toBe(first.secretKey);
  });

  it('test without SECRET_KEY generates a key without a warning', () => {
    const config = load({ NODE_ENV: 'test', DB_TYPE: 'mysql' });
    expect(config.secretKeyGenerated).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  it('production with SQLite on Lambda is an error under the variable that chose SQLite', () => {
    const lambda = { ...PRODUCTION, DEPLOYMENT_TARGET: 'lambda' };
    const reason = 'SQLite is not durable on Lambda (each instance has its own /tmp); use MariaDB/MySQL or PostgreSQL';
    expect(issues({ ...lambda, DB_TYPE: 'sqlite' })).toEqual({ DB_TYPE: reason });
    expect(issues({ ...lambda, DB_TYPE: '' })).toEqual({ DB_TYPE: reason });
    expect(issues({ ...lambda, DATABASE_URL: 'sqlite:/tmp/app.db' })).toEqual({ DATABASE_URL: reason });
  });

  it('production with SQLite on the node target is a warning, not an error', () => {
    const config = load({ ...PRODUCTION, DB_TYPE: 'sqlite' });
    expect(config.db.type).toBe('sqlite');
    expect(config.warnings).toEqual([
      'SQLite in production: fine for one small instance, but use MariaDB/MySQL or PostgreSQL to run several',
    ]);
  });
});

describe('the returned configuration', () => {
  it('is deeply frozen', () => {
    const config = load({ DB_TYPE: 'mysql', TRUST_PROXY: 'loopback' }) as Config;
    for (const part of [config, config.db, config.db.pool, config.hsts, config.trustProxy, config.warnings])
      expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      config.port = 1;
    }).toThrow(TypeError);
    expect(() => {
      config.db.pool.max = 99;
    }).toThrow(TypeError);
    expect(() => config.trustProxy.push('10.0.0.1')).toThrow(TypeError);
    expect(config.db.pool.max).toBe(POOL_DEFAULTS.node.max);
  });
});

describe('describeDatabase', () => {
  it('hides the password and never contains it', () => {
    const password = 'p@ss:w/o%rd#1';
    const db = load({ DB_TYPE: 'mysql', DB_HOST: 'db.example', DB_USER: 'ad@min', DB_PASSWORD: password, DB_NAME: 'app' }).db;
    const shown = describeDatabase(db);
    expect(shown).toBe('mysql://ad%40min:***@db.example:3306/app');
    expect(shown).not.toContain(password);
    expect(shown).not.toContain(encodeURIComponent(password));
  });

  it('shows SQLite as its path, an IPv6 host in brackets, and no *** without a password', () => {
    expect(describeDatabase(load({}).db)).toBe(`sqlite:${ROOT}/data/filamenta.sqlite`);
    expect(describeDatabase(load({ DATABASE_URL: 'postgres://u:p@[::1]/d' }).db)).toBe('postgresql://u:***@[::1]:5432/d');
    expect(describeDatabase(load({ DB_TYPE: 'mariadb', DB_USER: 'app' }).db)).toBe('mariadb://app@localhost:3306/filamenta');
  });
});
