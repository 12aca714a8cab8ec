/** DB_READ_REPLICA_URLS: parsed like DATABASE_URL, checked against the primary, read from a file too. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError, describeDatabase, type EnvSource, loadConfig } from '#src/config.ts';

const PRIMARY = 'postgresql://app:pw@db-primary:5432/filamenta';
const load = (source: EnvSource) => loadConfig(source, { appRoot: '/srv/filamenta' });

function issues(source: EnvSource): Readonly<Record<string, string>> {
  try {
    load(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(source)}`);
}

describe('DB_READ_REPLICA_URLS', () => {
  it('is empty by default', () => {
    expect(load({ DATABASE_URL: PRIMARY }).db.replicas).toEqual([]);
    expect(load({}).db.replicas).toEqual([]);
  });

  it('takes a comma-separated list, named replica-1, replica-2 in order, each with its own credentials', () => {
    const { db } = load({
      DATABASE_URL: PRIMARY,
      DB_READ_REPLICA_URLS: ' postgres://reader:s%40cret@db-r1/filamenta , postgresql://app@db-r2:6432/other?sslmode=require,',
    });
    expect(db.replicas).toEqual([
      { name: 'replica-1', host: 'db-r1', port: 5432, user: 'reader', password: 's@cret', database: 'filamenta', ssl: false },
      { name: 'replica-2', host: 'db-r2', port: 6432, user: 'app', password: '', database: 'other', ssl: { rejectUnauthorized: false } },
    ]);
    expect(describeDatabase(db, db.replicas[0])).toBe('postgresql://reader:***@db-r1:5432/filamenta');
  });

  it('works with the DB_* variables and MariaDB', () => {
    const { db } = load({ DB_TYPE: 'mariadb', DB_HOST: 'p', DB_READ_REPLICA_URLS: 'mariadb://u:p@r:3307/filamenta' });
    expect(db.replicas).toMatchObject([{ host: 'r', port: 3307, user: 'u' }]);
  });

  it('refuses a replica of another database type, naming the entry', () => {
    expect(issues({ DATABASE_URL: PRIMARY, DB_READ_REPLICA_URLS: `${PRIMARY},mysql://u@r/filamenta` }).DB_READ_REPLICA_URLS).toBe(
      'entry 2 is a mysql URL but the database is postgresql; a replica must be the same type',
    );
    // MySQL and MariaDB are different drivers here, as DB_TYPE makes them.
    expect(issues({ DB_TYPE: 'mariadb', DB_READ_REPLICA_URLS: 'mysql://u@r/filamenta' }).DB_READ_REPLICA_URLS).toMatch(
      /entry 1 is a mysql URL/,
    );
  });

  it('refuses replicas on SQLite', () => {
    expect(issues({ DB_READ_REPLICA_URLS: 'postgres://u@r/filamenta' }).DB_READ_REPLICA_URLS).toMatch(
      /^read replicas need MariaDB\/MySQL or PostgreSQL; SQLite has none/,
    );
    expect(issues({ DATABASE_URL: 'sqlite::memory:', DB_READ_REPLICA_URLS: 'sqlite:other.db' }).DB_READ_REPLICA_URLS).toMatch(
      /SQLite has none/,
    );
  });

  it('refuses a malformed entry with its place and the reason, beside the other problems', () => {
    const found = issues({ DATABASE_URL: PRIMARY, DB_READ_REPLICA_URLS: 'postgres://u@r/filamenta,not a url', PORT: 'x' });
    expect(found.DB_READ_REPLICA_URLS).toMatch(/^entry 2 is not a URL/);
    expect(found.PORT).toBeDefined();
    expect(issues({ DATABASE_URL: PRIMARY, DB_READ_REPLICA_URLS: 'postgres://u@r' }).DB_READ_REPLICA_URLS).toBe(
      'entry 1 has no database name (…/dbname)',
    );
    expect(issues({ DATABASE_URL: PRIMARY, DB_READ_REPLICA_URLS: 'redis://r/0' }).DB_READ_REPLICA_URLS).toMatch(
      /^entry 1 unsupported scheme "redis:"/,
    );
  });

  it('is read from DB_READ_REPLICA_URLS_FILE (a mounted secret), and masked as a secret', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'filamenta-replicas-')), 'urls');
    writeFileSync(file, 'postgres://u:pw@r1/filamenta\n');
    expect(load({ DATABASE_URL: PRIMARY, DB_READ_REPLICA_URLS_FILE: file }).db.replicas).toMatchObject([{ host: 'r1', password: 'pw' }]);
    const { SECRET_VARIABLES } = await import('#src/config.ts');
    expect(SECRET_VARIABLES).toContain('DB_READ_REPLICA_URLS');
  });
});
