import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { type EnvSource, loadConfig } from '#src/config.ts';
import { configIssues } from '#test/support/config-issues.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  SECRET_KEY: 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=',
  DATABASE_URL: 'postgresql://app@db.example/filamenta',
};
const TOKEN = 'metrics-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'filamenta-observability-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const issues = (env: EnvSource) => configIssues(env);

describe('METRICS_ENABLED and METRICS_TOKEN', () => {
  it('are off by default: no metrics, no token, no traces', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.metrics).toEqual({ enabled: false, token: undefined });
    expect(config.tracing).toBeUndefined();
  });

  it('refuses metrics without a token in production, naming the _FILE way too', () => {
    expect(issues({ ...PRODUCTION, METRICS_ENABLED: 'true' })).toEqual({
      METRICS_TOKEN: 'is required in production while METRICS_ENABLED is on (or set METRICS_TOKEN_FILE)',
    });
    expect(loadConfig({ ...PRODUCTION, METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN }).metrics).toEqual({ enabled: true, token: TOKEN });
  });

  it('serves open metrics outside production, with a warning at start', () => {
    const config = loadConfig({ NODE_ENV: 'development', METRICS_ENABLED: 'true' });
    expect(config.metrics).toEqual({ enabled: true, token: undefined });
    expect(config.warnings).toContain('METRICS_ENABLED without METRICS_TOKEN: /metrics answers anyone (a token is required in production)');
  });

  it('refuses a short token and a value METRICS_ENABLED cannot be, listing both', () => {
    expect(issues({ ...PRODUCTION, METRICS_ENABLED: 'yes please', METRICS_TOKEN: 'short' })).toEqual({
      METRICS_ENABLED: 'invalid value "yes please": expected true or false',
      METRICS_TOKEN: 'is 5 characters; use at least 16 (a random one: openssl rand -hex 32)',
    });
  });

  it('reads the token from METRICS_TOKEN_FILE (a mounted secret), its trailing newline stripped', () => {
    const file = join(dir, 'metrics_token');
    writeFileSync(file, `${TOKEN}\n`);
    expect(loadConfig({ ...PRODUCTION, METRICS_ENABLED: 'true', METRICS_TOKEN_FILE: file }).metrics.token).toBe(TOKEN);
    expect(issues({ ...PRODUCTION, METRICS_ENABLED: 'true', METRICS_TOKEN_FILE: join(dir, 'missing') })).toMatchObject({
      METRICS_TOKEN_FILE: expect.stringMatching(/^cannot read ".*missing": ENOENT$/),
    });
  });
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('turns traces on, with the service name (filamenta unless OTEL_SERVICE_NAME says otherwise)', () => {
    expect(loadConfig({ ...PRODUCTION, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' }).tracing).toEqual({
      endpoint: 'http://otel-collector:4318',
      serviceName: 'filamenta',
    });
    expect(
      loadConfig({ ...PRODUCTION, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/otlp', OTEL_SERVICE_NAME: 'api-eu' }).tracing,
    ).toEqual({ endpoint: 'https://collector.example/otlp', serviceName: 'api-eu' });
  });

  it('refuses what is not an http(s) URL', () => {
    for (const value of ['otel-collector:4318', 'grpc://collector:4317', 'http://collector:4318/?x=1'])
      expect(issues({ ...PRODUCTION, OTEL_EXPORTER_OTLP_ENDPOINT: value })).toEqual({
        OTEL_EXPORTER_OTLP_ENDPOINT: `"${value}" is not an http(s) URL of an OTLP/HTTP receiver, e.g. http://otel-collector:4318`,
      });
  });
});
