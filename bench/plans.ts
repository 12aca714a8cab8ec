/**
 * node bench/plans.ts: how SQLite, MariaDB and PostgreSQL run the public content list
 * (`GET /api/v1/content`: a page newest first and its total, with the filters it takes) over the
 * bench's 10,000 published items (bench/seed.ts), without and with the list index; prints the
 * plans as markdown (bench/query-plans.md is its output). The SQL is what the app sends: each
 * query is captured from the content repository's `list` itself, then explained and timed through the app's own
 * reader. PostgreSQL and MariaDB get ANALYZE first (what autovacuum and InnoDB's automatic
 * statistics do on a live server); SQLite does not (nothing runs it by itself).
 *
 * Knobs: PLANS_DATABASES=sqlite,mariadb,postgresql  PLANS_RUNS=40 (timed runs per query)
 * BENCH_PG_URL=postgres://root@127.0.0.1:5432  BENCH_MARIADB_URL=mariadb://root@127.0.0.1:3306
 * Each database is made for the run under a random name and dropped after it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CompiledQuery } from 'kysely';
import mysql from 'mysql2/promise';
import pg from 'pg';

import { loadConfig } from '../src/config.ts';
import type { ContentStatus } from '../src/db/entities/index.ts';
import { createOrm, type Orm } from '../src/db/orm.ts';
import { createLogger } from '../src/logger.ts';
import { createContentRepository, type ListFilter } from '../src/modules/content/content.repository.ts';
import { median } from './report.ts';
import { CONTENT_ROWS, seedBench } from './seed.ts';

type PlansDb = 'sqlite' | 'mariadb' | 'postgresql';

const DATABASES = (process.env.PLANS_DATABASES ?? 'sqlite,mariadb,postgresql').split(',').map((s) => s.trim()) as PlansDb[];
const RUNS = Number.parseInt(process.env.PLANS_RUNS ?? '', 10) || 40;
const SERVERS = {
  postgresql: process.env.BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432',
  mariadb: process.env.BENCH_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306',
};
const LABELS: Record<PlansDb, string> = { sqlite: 'SQLite', mariadb: 'MariaDB', postgresql: 'PostgreSQL' };

/** The index the list needs, and main's single-column index it makes redundant. */
const LIST_INDEX = { name: 'content_status_created_at_id_index', columns: ['status', 'created_at', 'id'] };
const REPLACED = { name: 'content_status_index', columns: ['status'] };

const PUBLIC: ContentStatus[] = ['published'];
const STAFF: ContentStatus[] = ['draft', 'published', 'archived'];

/** A request, as the query string a client sends, and the filter the route makes of it. */
interface Scenario {
  request: string;
  filter: Omit<ListFilter, 'perPage'>;
  /** The total is the same query for every page: shown once per filter. */
  total: boolean;
}

const scenarios = (authorId: number): Scenario[] => [
  { request: '?page=1', filter: { page: 1, visible: PUBLIC }, total: true },
  { request: '?page=90', filter: { page: 90, visible: PUBLIC }, total: false },
  { request: '?type=post&page=45', filter: { page: 45, visible: PUBLIC, type: 'post' }, total: true },
  { request: `?author=${authorId}&page=45`, filter: { page: 45, visible: PUBLIC, author: authorId }, total: true },
  { request: '?q=item 12&page=1', filter: { page: 1, visible: PUBLIC, q: 'item 12' }, total: true },
  { request: '?page=45 (an editor: every status)', filter: { page: 45, visible: STAFF }, total: true },
];

interface Measured {
  plan: string[];
  medianMs: number;
}

const out: string[] = [];
const print = (line = '') => out.push(line);

print('# Query plans of the public content list');
print();
print(
  `Written by \`node bench/plans.ts\` (${new Date().toISOString().slice(0, 10)}): ${CONTENT_ROWS.toLocaleString('en')} published items`,
);
print('(bench/seed.ts), 20 per page. "Before" is the content table as main at 7c92e30 left it (single-column');
print(`indexes on status and on created_at); "after" replaces the status index with (${LIST_INDEX.columns.join(', ')}).`);
print(`Times are the median of ${RUNS} runs through the app's own reader on a shared, busy machine: read them as`);
print('orders of magnitude, not as figures.');
print();
print('What to look for: "USE TEMP B-TREE FOR ORDER BY" (SQLite), "Using filesort" (MariaDB) and a Sort over every');
print('matching row (PostgreSQL) mean the database reads and sorts all the rows the filter keeps to return 20;');
print('an index scan in (created_at, id) order stops after the offset and the page. The total always reads every');
print('matching index entry: that cost grows with the table whatever the index.');

for (const type of DATABASES) {
  await withDatabase(type, async (env) => {
    const orm = await createOrm(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }), {
      logger: createLogger({ logLevel: 'warn' }),
    });
    try {
      await orm.migrate();
      await seedBench(env);
      const connection = orm.fork().getConnection();
      const [author] = await connection.execute<{ id: number }[]>("select id from users where username = 'bench-editor'");
      print();
      print(`## ${LABELS[type]}`);
      await compare(orm, type, scenarios(Number(author.id)));
      // Every other item a draft: the public list now skips half of what created_at's index holds.
      await connection.execute("update content set status = 'draft' where id % 2 = 0");
      print();
      print(`### ${LABELS[type]}, every other item a draft`);
      await compare(orm, type, scenarios(Number(author.id)).slice(0, 2));
    } finally {
      await orm.close();
    }
  });
}
console.log(out.join('\n'));

/** Prints each scenario's plans and times with main's indexes, then with the list index. */
async function compare(orm: Orm, type: PlansDb, list: Scenario[]): Promise<void> {
  await setIndexes(orm, type, 'before');
  const before = await measureAll(orm, type, list);
  await setIndexes(orm, type, 'after');
  const after = await measureAll(orm, type, list);
  for (const [i, { request, query, measured: b }] of before.entries()) {
    const a = after[i].measured;
    print();
    print(`\`${request}\` ${query}: ${b.medianMs.toFixed(2)} ms -> ${a.medianMs.toFixed(2)} ms`);
    print();
    print('```');
    print('before:');
    b.plan.forEach((line) => print(`  ${line}`));
    print('after:');
    a.plan.forEach((line) => print(`  ${line}`));
    print('```');
  }
}

async function measureAll(orm: Orm, type: PlansDb, list: Scenario[]) {
  const rows: { request: string; query: string; measured: Measured }[] = [];
  for (const scenario of list) {
    const [page, total] = await capture(orm, scenario.filter);
    rows.push({ request: scenario.request, query: 'page', measured: await measure(orm, type, page) });
    if (scenario.total) rows.push({ request: scenario.request, query: 'total', measured: await measure(orm, type, total) });
  }
  return rows;
}

/** The page query and the count query the repository's `list` sends for `filter`, captured instead of run. */
async function capture(orm: Orm, filter: Scenario['filter']): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const record = async <R>(query: CompiledQuery<R>): Promise<R[]> => {
    captured.push(query);
    return (captured.length === 2 ? [{ total: 0 }] : []) as R[];
  };
  await createContentRepository({ ...orm, read: record }).list({ ...filter, perPage: 20 });
  return captured;
}

async function measure(orm: Orm, type: PlansDb, query: CompiledQuery): Promise<Measured> {
  for (let i = 0; i < 5; i++) await orm.read(query);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await orm.read(query);
    times.push(performance.now() - started);
  }
  return { plan: await explain(orm, type, query), medianMs: median(times) };
}

/** The plan the database chose, with the rows it actually read where it says (MariaDB, PostgreSQL). */
async function explain(orm: Orm, type: PlansDb, query: CompiledQuery): Promise<string[]> {
  const read = <R>(prefix: string) => orm.read<R>({ ...query, sql: `${prefix} ${query.sql}` } as CompiledQuery<R>);
  if (type === 'sqlite') {
    const rows = await read<{ id: number; parent: number; detail: string }>('explain query plan');
    const depth = new Map<number, number>([[0, 0]]);
    return rows.map((r) => {
      depth.set(r.id, (depth.get(r.parent) ?? 0) + 1);
      return `${'  '.repeat(depth.get(r.id)! - 1)}${r.detail}`;
    });
  }
  if (type === 'postgresql') {
    const rows = await read<{ 'QUERY PLAN': string }>('explain (analyze, costs off, timing off, summary off)');
    // Sort memory and heap-fetch counts vary from run to run and say nothing about the plan's shape.
    return rows
      .map((r) => r['QUERY PLAN'])
      .filter((line) => !/^\s*(Full-sort Groups|Pre-sorted Groups|Sort Method|Heap Fetches):/.test(line));
  }
  const rows = await read<Record<string, unknown>>('analyze');
  return rows.map((r) =>
    ['table', 'type', 'key', 'rows', 'r_rows', 'filtered', 'r_filtered', 'Extra']
      .filter((k) => r[k] != null)
      .map((k) => `${k}=${String(r[k])}`)
      .join(' '),
  );
}

/** Main's indexes (before) or the list index in place of the status index (after), statistics fresh. */
async function setIndexes(orm: Orm, type: PlansDb, state: 'before' | 'after'): Promise<void> {
  const connection = orm.fork().getConnection();
  const q = (name: string) => (type === 'mariadb' ? `\`${name}\`` : `"${name}"`);
  const exists = async (name: string) => {
    const sql = {
      sqlite: `select name from sqlite_master where type = 'index' and name = '${name}'`,
      mariadb: `select index_name from information_schema.statistics where table_schema = database() and index_name = '${name}'`,
      postgresql: `select indexname from pg_indexes where indexname = '${name}'`,
    }[type];
    return (await connection.execute<unknown[]>(sql)).length > 0;
  };
  const [keep, drop] = state === 'before' ? [REPLACED, LIST_INDEX] : [LIST_INDEX, REPLACED];
  if (await exists(drop.name))
    await connection.execute(type === 'mariadb' ? `alter table content drop index ${q(drop.name)}` : `drop index ${q(drop.name)}`);
  if (!(await exists(keep.name))) await connection.execute(`create index ${q(keep.name)} on content (${keep.columns.map(q).join(', ')})`);
  if (type === 'postgresql') await connection.execute('vacuum analyze content');
  if (type === 'mariadb') await connection.execute('analyze table content');
}

async function withDatabase(type: PlansDb, use: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const name = `filamenta_plans_${randomBytes(4).toString('hex')}`;
  if (type === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'filamenta-plans-'));
    try {
      return await use({ DATABASE_URL: `sqlite://${join(dir, 'plans.sqlite')}` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await admin(type, `create database ${name}`);
  try {
    await use({ DATABASE_URL: `${SERVERS[type]}/${name}` });
  } finally {
    await admin(type, type === 'postgresql' ? `drop database if exists ${name} with (force)` : `drop database if exists ${name}`);
  }
}

async function admin(type: Exclude<PlansDb, 'sqlite'>, sql: string): Promise<void> {
  if (type === 'postgresql') {
    const client = new pg.Client({ connectionString: `${SERVERS.postgresql}/postgres` });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return;
  }
  const conn = await mysql.createConnection({ uri: SERVERS.mariadb.replace(/^mariadb:/, 'mysql:') });
  await conn.query(sql).finally(() => conn.end());
}
