/**
 * .env.example is the configuration reference people copy: it must name every variable
 * `loadConfig` reads and nothing else, show the real defaults, and hold only examples that load.
 * Its convention: `NAME=value` is set, `# NAME=value` shows the default, `#   NAME=value`
 * (indented) is an example, and the section after `# === Tests only` lists what the tests read.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import {
  APP_ROOT,
  CONFIG_VARIABLES,
  ConfigError,
  DB_TYPES,
  type EnvSource,
  loadConfig,
  POOL_DEFAULTS,
  SECRET_VARIABLES,
  type Target,
} from '#src/config.ts';
import { readEnvSource } from '#src/runtime.ts';

const EXAMPLE = join(APP_ROOT, '.env.example');
const ROOT = '/srv/filamenta';
const TESTS_MARKER = '# === Tests only';

type Kind = 'set' | 'default' | 'example' | 'unclear' | 'test';
interface Assignment {
  kind: Kind;
  name: string;
  value: string;
  line: number;
}

function parseExample(text: string): Assignment[] {
  const out: Assignment[] = [];
  let inTests = false;
  text.split('\n').forEach((raw, index) => {
    if (raw.startsWith(TESTS_MARKER)) inTests = true;
    const m = /^(#( *))?([A-Z][A-Z0-9_]*)=(.*)$/.exec(raw);
    if (!m) return;
    const kind: Kind = inTests
      ? 'test'
      : m[1] === undefined
        ? 'set'
        : m[2].length === 1
          ? 'default'
          : m[2].length >= 3
            ? 'example'
            : 'unclear';
    out.push({ kind, name: m[3], value: m[4], line: index + 1 });
  });
  return out;
}

const text = readFileSync(EXAMPLE, 'utf8');
const assignments = parseExample(text);
const ofKind = (...kinds: Kind[]) => assignments.filter((a) => kinds.includes(a.kind));
const where = (a: Assignment) => `.env.example:${a.line} ${a.name}`;

const configNames = new Set<string>(CONFIG_VARIABLES);
const fileNames = new Set(CONFIG_VARIABLES.map((name) => `${name}_FILE`));
/** What the test suite reads from the environment (test/support and the vitest config). */
const supportDir = join(APP_ROOT, 'test/support');
const testNames = new Set(
  [
    ...readdirSync(supportDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(supportDir, f)),
    join(APP_ROOT, 'vitest.config.ts'),
  ].flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1])),
);

/** The problems `loadConfig` reports for `source`, {} when it loads. */
function problems(source: EnvSource, appRoot = ROOT): Record<string, string> {
  try {
    loadConfig(source, { appRoot });
    return {};
  } catch (error) {
    if (error instanceof ConfigError) return { ...error.issues };
    throw error;
  }
}

/** The configuration without the per-process random key, so two loads compare equal. */
function comparable(source: EnvSource) {
  const { secretKey: _secretKey, ...rest } = loadConfig(source, { appRoot: ROOT });
  return rest;
}

const tmp = mkdtempSync(join(tmpdir(), 'filamenta-env-example-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('.env.example', () => {
  it('is parsed: it has defaults, examples and a tests section', () => {
    expect(ofKind('default').length).toBeGreaterThan(20);
    expect(ofKind('example').length).toBeGreaterThan(5);
    expect(ofKind('test').length).toBeGreaterThan(0);
    expect(ofKind('unclear').map(where), 'use "# NAME=" for a default, "#   NAME=" for an example').toEqual([]);
  });

  it('names every variable loadConfig reads, once, as a default or a setting', () => {
    const seen = ofKind('set', 'default').map((a) => a.name);
    for (const name of CONFIG_VARIABLES) {
      expect(
        seen.filter((n) => n === name),
        `${name} must appear once as "# ${name}=<default>"`,
      ).toHaveLength(1);
    }
  });

  it('names nothing loadConfig does not read', () => {
    const unknown = ofKind('set', 'default', 'example', 'unclear').filter((a) => !configNames.has(a.name) && !fileNames.has(a.name));
    expect(unknown.map(where)).toEqual([]);
    const unknownTestOnly = ofKind('test').filter((a) => !testNames.has(a.name) || configNames.has(a.name));
    expect(unknownTestOnly.map(where), `the tests read ${[...testNames].join(', ')}`).toEqual([]);
  });

  it('leaves every secret empty', () => {
    const secrets = new Set<string>([...SECRET_VARIABLES, ...SECRET_VARIABLES.map((name) => `${name}_FILE`)]);
    const filled = ofKind('set', 'default').filter((a) => secrets.has(a.name) && a.value !== '');
    expect(filled.map(where)).toEqual([]);
  });

  it('is accepted by loadConfig as-is once copied to .env', () => {
    copyFileSync(EXAMPLE, join(tmp, '.env'));
    const source = readEnvSource({}, tmp);
    // node's parser and this file's convention agree on what is set.
    expect(Object.keys(source).sort()).toEqual(
      ofKind('set')
        .map((a) => a.name)
        .sort(),
    );
    expect(problems(source, tmp)).toEqual({});
    expect(parseEnv(text)).toEqual(source);
  });

  it('shows the real default on each "# NAME=value" line', () => {
    // Defaults that only matter for a network database or a target are checked against those too.
    const bases: EnvSource[] = [{}, { DB_TYPE: 'mariadb' }, { DB_TYPE: 'postgresql', DEPLOYMENT_TARGET: 'cpanel' }];
    for (const a of ofKind('default')) {
      for (const base of bases) {
        if (a.name in base) continue;
        expect(comparable({ ...base, [a.name]: a.value }), `${where(a)}=${a.value} is not the default`).toEqual(comparable(base));
      }
    }
  });

  it('shows the pool presets each target really gets', () => {
    for (const [target, preset] of Object.entries(POOL_DEFAULTS) as [Target, (typeof POOL_DEFAULTS)[Target]][]) {
      const row = new RegExp(`^#\\s+${target}\\s+(\\d.*)$`, 'm').exec(text);
      expect(row, `no pool row for ${target}`).not.toBeNull();
      const { min, max, idleTimeoutMs, acquireTimeoutMs, maxLifetimeS, prePing, connectTimeoutMs } = preset;
      expect(row?.[1].trim().split(/\s+/), target).toEqual(
        [min, max, idleTimeoutMs, acquireTimeoutMs, maxLifetimeS, prePing, connectTimeoutMs].map(String),
      );
    }
  });

  it('holds only examples that load', () => {
    for (const a of ofKind('example')) {
      expect(problems({ [a.name]: a.value }), `${where(a)}=${a.value}`).toEqual({});
    }
  });

  it('has a DATABASE_URL example for every database, credentials percent-encoded', () => {
    const urls = ofKind('example').filter((a) => a.name === 'DATABASE_URL');
    const types = new Set(urls.map((a) => loadConfig({ DATABASE_URL: a.value }, { appRoot: ROOT }).db.type));
    expect([...types].sort()).toEqual([...DB_TYPES].sort());
    const withPassword = urls
      .map((a) => ({ a, db: loadConfig({ DATABASE_URL: a.value }, { appRoot: ROOT }).db }))
      .filter((u) => u.db.password);
    expect(withPassword.length).toBeGreaterThan(0);
    for (const { a, db } of withPassword) {
      expect(db.password, `${where(a)}: show a password that needs encoding`).toMatch(/[@:/#%]/);
      expect(a.value, where(a)).toContain(`:${encodeURIComponent(db.password)}@`);
    }
  });
});
