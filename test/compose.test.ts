/**
 * compose.yaml against the Compose specification's JSON schema (compose-spec's compose-spec.json as
 * the npm package dclint 3.1.0, MIT, ships it in schemas/), then the invariants the deployment relies on.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { loadConfig } from '#src/config.ts';
import { APP_ROOT } from '#test/support/child.ts';
import { type ComposeService, readCompose } from '#test/support/compose.ts';

const require = createRequire(import.meta.url);
const compose = readCompose();
const { web, migrate, nginx, certbot } = compose.services;
const DATABASES = ['db', 'postgres'];
const SECRET_NAMES = /PASSWORD|SECRET|DATABASE_URL|TOKEN/;

describe('compose.yaml', () => {
  it('is valid against the Compose specification schema', () => {
    const schema = JSON.parse(
      readFileSync(join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json'), 'utf8'),
    ) as {
      $schema: string;
      title: string;
    };
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft-07/schema', title: 'Compose Specification' });
    // Ajv has draft-07 built in under its http:// URI; the schema also carries annotations that
    // Ajv's strict mode does not know ("deprecated").
    const { $schema: _draft, ...draft07 } = schema;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(draft07);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ services: { web: { build: '.', healthcheck: { interval: 5 } } } })).toBe(false);
  });

  it('builds web from this Dockerfile, read-only, with a health check on /health', () => {
    expect(web.build).toBe('.');
    expect(web.read_only).toBe(true);
    expect(web.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(web.healthcheck?.test[3]).toMatch(/^fetch\('http:\/\/127\.0\.0\.1:'.*'\/health'/);
    expect(web.volumes).toEqual(['app-data:/app/data']);
  });

  it('gives every database a health check, a named volume and no published port, and migrate waits for it to be healthy', () => {
    for (const name of DATABASES) {
      const db = compose.services[name];
      expect(db.healthcheck?.test.length, name).toBeGreaterThan(1);
      expect(db.ports, name).toBeUndefined();
      for (const volume of db.volumes ?? []) expect(Object.keys(compose.volumes)).toContain(volume.split(':')[0]);
      expect(migrate.depends_on?.[name]).toMatchObject({ condition: 'service_healthy', required: false });
    }
    expect(compose.services.db.profiles).toBeUndefined(); // MariaDB by default
    expect(compose.services.postgres.profiles).toEqual(['postgres']);
    expect(nginx.depends_on?.web).toEqual({ condition: 'service_healthy' });
  });

  it('publishes ports from nginx only', () => {
    const publishing = Object.entries(compose.services).filter(([, s]) => s.ports?.length);
    expect(publishing.map(([name]) => name)).toEqual(['nginx']);
  });

  it('runs web as several replicas behind nginx, which resolves every replica through the Docker DNS', () => {
    expect(web.deploy?.replicas).toBe(3);
    expect(readCompose({ WEB_REPLICAS: '5' }).services.web.deploy?.replicas).toBe(5);
    // A fixed name or a published port would allow one container only.
    expect(web.container_name).toBeUndefined();
    expect(web.ports).toBeUndefined();
    expect(web.expose).toEqual(['3000']);
    expect(nginx.environment?.UPSTREAM).toBe('web:3000 resolve');
    // `resolve` needs a shared zone in the upstream block and a resolver: Docker's embedded one.
    const template = readFileSync(join(APP_ROOT, 'deploy/nginx/filamenta.conf.template'), 'utf8');
    expect(template).toMatch(/^resolver 127\.0\.0\.11 valid=\d+s ipv6=off;$/m);
    expect(template).toMatch(/^upstream filamenta \{\n\s+zone \w+ \d+k;\n\s+server \$\{UPSTREAM\};$/m);
  });

  it('migrates once, in the migrate service, before any web replica starts; the replicas never migrate', () => {
    expect(web.environment?.MIGRATE_ON_START).toBe('false');
    expect(web.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    expect(migrate.command).toEqual(['/bin/sh', '-c', 'node scripts/migrate.ts up && node scripts/schema.ts seed']);
    expect(migrate.restart).toBe('no');
    expect(migrate.deploy?.replicas).toBeUndefined();
    // The same image, configuration, secrets and data as web.
    for (const key of ['build', 'image', 'read_only', 'environment', 'secrets', 'volumes'] as const)
      expect(migrate[key], key).toEqual(web[key]);
  });

  it('passes secrets only as *_FILE pointing at a compose secret the service mounts', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAMES.test(key) || key === 'DEPLOY_HOOK') continue;
        expect(key, `${name}.${key}`).toMatch(/_FILE$/);
        const secret = /^\/run\/secrets\/(\w+)$/.exec(value)?.[1];
        expect(secret, `${name}.${key}=${value}`).toBeDefined();
        expect(service.secrets, name).toContain(secret);
        expect(compose.secrets[secret!].file).toMatch(/^\.\/secrets\//);
      }
    }
  });

  it('sets web up for loadConfig: the variables exist and the secrets are read from files', () => {
    // The image's ENV (Dockerfile) under the service's environment.
    const env = {
      NODE_ENV: 'production',
      DEPLOYMENT_TARGET: 'container',
      ...web.environment,
      DB_PASSWORD_FILE: join(APP_ROOT, 'package.json'),
      SECRET_KEY: 'k'.repeat(40),
      SECRET_KEY_FILE: '',
    };
    const config = loadConfig(env);
    expect(config).toMatchObject({ target: 'container', db: { type: 'mariadb', host: 'db', name: 'filamenta', user: 'filamenta' } });
    expect(config.db.password).toContain('"name": "filamenta"');
  });

  it('limits bodies to the same size in nginx and the app', () => {
    expect(nginx.environment?.BODY_LIMIT).toBe(web.environment?.BODY_LIMIT);
    // nginx reads 10m as 10 MiB; so does the app.
    expect(loadConfig({ BODY_LIMIT: web.environment?.BODY_LIMIT }).bodyLimit).toBe(10 * 1024 * 1024);
    expect(web.environment?.BODY_LIMIT).toMatch(/^\d+[kmg]?$/);
  });

  it('renders the nginx template and its TLS fallback from files in the repository', () => {
    for (const volume of nginx.volumes ?? []) {
      const source = volume.split(':')[0];
      if (!source.startsWith('./')) continue;
      expect(existsSync(join(APP_ROOT, source)), source).toBe(true);
      if (source.endsWith('.sh')) accessSync(join(APP_ROOT, source), constants.X_OK);
    }
    expect(nginx.volumes).toContain('./deploy/nginx/filamenta.conf.template:/etc/nginx/templates/default.conf.template:ro');
  });

  it('runs certbot in its own profile with a renewal loop whose hook reloads nginx', () => {
    expect(certbot.profiles).toEqual(['certbot']);
    expect(certbot.pid).toBe('service:nginx');
    expect(certbot.command?.join(' ')).toMatch(/while :; do certbot renew .*--deploy-hook .*sleep 12h/);
    expect(certbot.environment?.DEPLOY_HOOK).toMatch(/kill -HUP 1$/);
    const shared = (s: ComposeService) => (s.volumes ?? []).map((v) => v.split(':').slice(0, 2).join(':'));
    expect(shared(certbot)).toContain('tls:/etc/nginx/tls');
    expect(shared(nginx)).toContain('tls:/etc/nginx/tls');
  });
});
