import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { APP_ROOT, CONFIG_VARIABLES, POOL_DEFAULTS } from '#src/config.ts';

const PASSWORD = 's3cr3t-P@ss';
const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';

/**
 * Runs `npm run config:check` as the adapters would start: a bare environment plus `vars`. Every
 * configuration variable (and its _FILE twin) not given is set empty, which the loader treats as
 * unset and which overrides a developer's `.env`, so the result does not depend on one.
 */
function configCheck(vars: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const blank = Object.fromEntries(
    [
      ...CONFIG_VARIABLES,
      ...CONFIG_VARIABLES.map((name) => `${name}_FILE`),
      'IN_PASSENGER',
      'PASSENGER_APP_ENV',
      'AWS_LAMBDA_FUNCTION_NAME',
    ].map((name) => [name, '']),
  );
  const result = spawnSync(process.execPath, ['scripts/config-check.ts'], {
    cwd: APP_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...blank, ...vars },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run config:check', () => {
  it('prints the effective configuration with secrets masked and exits 0', () => {
    const { code, stdout, stderr } = configCheck({
      NODE_ENV: 'production',
      DEPLOYMENT_TARGET: 'cpanel',
      SECRET_KEY,
      DB_TYPE: 'mysql',
      DB_HOST: 'db.example',
      DB_USER: 'app',
      DB_PASSWORD: PASSWORD,
      DB_POOL_MAX: '5',
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NODE_ENV +production +environment$/m);
    expect(stdout).toMatch(/^SECRET_KEY +set \(44 chars\) +environment$/m);
    expect(stdout).toMatch(/^DB_PASSWORD +\*\*\* +environment$/m);
    expect(stdout).toMatch(/^DB_POOL_MAX +5 +environment$/m);
    expect(stdout).toMatch(/^TRUST_PROXY +loopback +default$/m);
    expect(stdout).toContain('Target:   cpanel (environment)');
    expect(stdout).toContain(
      'Database: mysql://app:***@db.example:3306/filamenta (DB_TYPE, DB_HOST, DB_USER, DB_PASSWORD from the environment; DB_PORT, DB_NAME default); not contacted',
    );
    const p = POOL_DEFAULTS.cpanel;
    expect(stdout).toContain(
      `Pool:     min ${p.min}, max 5, idle ${p.idleTimeoutMs} ms, acquire ${p.acquireTimeoutMs} ms, ` +
        `max lifetime ${p.maxLifetimeS} s, pre-ping on, connect timeout ${p.connectTimeoutMs} ms`,
    );
    expect(stdout).toContain('Warnings: none');
    expect(stdout + stderr).not.toContain(PASSWORD);
    expect(stdout + stderr).not.toContain(SECRET_KEY);
  });

  it('masks a password given in DATABASE_URL and shows an auto-detected target', () => {
    const { code, stdout, stderr } = configCheck({
      NODE_ENV: 'production',
      IN_PASSENGER: '1',
      SECRET_KEY,
      DATABASE_URL: `postgres://app:${encodeURIComponent(PASSWORD)}@db.example/filamenta`,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^DATABASE_URL +postgresql:\/\/app:\*\*\*@db\.example:5432\/filamenta +environment$/m);
    expect(stdout).toMatch(/^DB_PASSWORD +\*\*\* +DATABASE_URL$/m);
    expect(stdout).toContain('Target:   cpanel (auto-detected)');
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), SECRET_KEY]) expect(stdout + stderr).not.toContain(secret);
  });

  it('says when the secret key is generated and lists the warnings', () => {
    const { code, stdout } = configCheck({ NODE_ENV: 'development' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^SECRET_KEY +generated for this process +default$/m);
    expect(stdout).toContain(
      'Warnings:\n  - SECRET_KEY is not set: using a random key for this process only; tokens will not survive a restart',
    );
  });

  it('exits 78 (EX_CONFIG, as the adapters do) naming every bad variable on stderr, without a stack trace', () => {
    const { code, stdout, stderr } = configCheck({
      NODE_ENV: 'staging',
      PORT: '99999',
      BODY_LIMIT: 'ten',
      DB_TYPE: 'oracle',
      DB_POOL_MAX: 'x',
    });
    expect(code).toBe(78);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Invalid configuration (5 problems):');
    for (const name of ['NODE_ENV', 'PORT', 'BODY_LIMIT', 'DB_TYPE', 'DB_POOL_MAX'])
      expect(lines.filter((line) => line.startsWith(`  ${name}: `))).toHaveLength(1);
    expect(lines).toHaveLength(6);
    expect(stderr).not.toContain('    at ');
  });
});
