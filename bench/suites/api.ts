/**
 * Suite `api`: the API over the seeded items (bench/seed.ts), the bare server doing the same SQL
 * work on the same database. Reads with random keys, as clients ask (a slug drawn from every
 * published item, a page drawn from the first 90 with its total), beside the fixed keys the bench
 * read before (one slug and one page, which stay hot); content creation with an editor's token; login.
 */
import { AIMS } from '../aims.ts';
import { selected } from '../options.ts';
import type { Aim } from '../report.ts';
import { BENCH_SLUG, BENCH_USER, CONTENT_ROWS } from '../seed.ts';
import type { RunningServer } from '../servers.ts';
import { compare, type Load, loadRows, type Measured, type Suite, type SuiteContext } from '../suite.ts';

const RANDOM_PAGES = 90;
const PER_PAGE = 20;

interface ApiLoad extends Load {
  aim?: Aim | ((context: SuiteContext) => Aim);
  /** Sent by the editor the suite logs in. */
  authorized?: boolean;
}

export const CONTENT_BODY = JSON.stringify({ title: 'Bench post {n}', body: 'A new item written by the bench. '.repeat(8).trim() });
const LOGIN_BODY = JSON.stringify({ login: BENCH_USER.username, password: BENCH_USER.password });

/** In this order: the reads first, before creation adds rows. */
const API_LOADS: readonly ApiLoad[] = [
  {
    label: 'GET /api/v1/content/{slug}, random slug',
    path: '/api/v1/content/bench-item-{r}',
    request: { range: [1, CONTENT_ROWS] },
    aim: ({ type }) => AIMS.slugRead[type],
  },
  { label: `GET /api/v1/content/${BENCH_SLUG}, fixed slug`, path: `/api/v1/content/${BENCH_SLUG}` },
  {
    label: `GET /api/v1/content?page=1..${RANDOM_PAGES}, random page with total`,
    path: `/api/v1/content?page={r}&perPage=${PER_PAGE}`,
    request: { range: [1, RANDOM_PAGES] },
    aim: AIMS.listPage,
  },
  // The middle page of 10,000 rows (offset 4,980) with its total: few connections, it is slow.
  { label: 'GET /api/v1/content?page=250, fixed page with total', path: '/api/v1/content?page=250&perPage=20', connections: 8 },
  {
    label: 'POST /api/v1/content',
    path: '/api/v1/content',
    request: { method: 'POST', body: CONTENT_BODY },
    authorized: true,
    aim: AIMS.contentCreation,
  },
  // scrypt: 8 connections, so the backlog a warm-up leaves (50 runs would take seconds) is short.
  { label: 'POST /api/v1/auth/login (scrypt)', path: '/api/v1/auth/login', request: { method: 'POST', body: LOGIN_BODY }, connections: 8 },
];

/** An editor's access token from the app; the bare server checks the same HS256 signature. */
export async function accessToken(app: RunningServer): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: LOGIN_BODY,
  });
  if (res.status !== 200) throw new Error(`the bench login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function run(context: SuiteContext) {
  const { app, bare, baseline } = await context.servers();
  const token = await accessToken(app);
  const raw: Record<string, { app: Measured; bare: Measured; baseline?: Measured }> = {};
  const rows = [];
  for (const load of API_LOADS.filter((l) => selected(context.options, l.label))) {
    const request = load.authorized ? { ...load.request, authorization: `Bearer ${token}` } : load.request;
    const r = await compare<'app' | 'bare'>(context, { app, bare, baseline }, { ...load, request });
    raw[load.label] = r;
    const aim = typeof load.aim === 'function' ? load.aim(context) : load.aim;
    rows.push(...loadRows(context.type, load.label, r, aim));
  }
  return { rows, raw };
}

export const apiSuite: Suite = { name: 'api', seeded: true, run };
