/**
 * The fuzzer's target and loop: an app on a real database with an administrator, an editor and a
 * member signed in, a few accounts and items to aim at, a real SMTP server for the mails (so no
 * setting a request changes can send one anywhere else), and the error log collected. Requests run
 * one after another in process (`app.request`), each bounded in time; every few requests the
 * settings and the three signed-in accounts are put back, so one request turning on `2fa_required`
 * or locking the editor out does not decide the answers to all the ones after it.
 */
import { Writable } from 'node:stream';

import { Setting, User } from '../../../src/db/entities/index.ts';
import { seedDefaults } from '../../../src/db/seed.ts';
import { createLogger } from '../../../src/logger.ts';
import { PASSWORD, SETUP_TOKEN } from '../auth.ts';
import { buildContentApp, type ContentTestApp } from '../content.ts';
import type { TestDb } from '../databases.ts';
import { type Document, fetchDocument, fillPath } from '../openapi.ts';
import { startSmtp, type TestSmtp } from '../smtp.ts';
import { createChecker } from './check.ts';
import type { Caller, FuzzRequest } from './requests.ts';
import type { Hints } from './values.ts';

export const BODY_LIMIT = 1_048_576;

export interface FuzzTarget {
  t: ContentTestApp;
  doc: Document;
  hints: Hints;
  close(): Promise<void>;
  run(requests: FuzzRequest[], options: { timeoutMs: number; restoreEvery: number }): Promise<FuzzReport>;
}

interface Finding {
  problem: string;
  count: number;
  /** The first request that showed it, as a person would replay it. */
  example: string;
  detail?: string;
}

interface FuzzReport {
  findings: Finding[];
  /** Operation -> status -> how many answers. */
  statuses: Map<string, Map<number, number>>;
  errorLogs: string[];
}

const ACTOR_FIELDS = ['username', 'email', 'passwordHash', 'role', 'active', 'emailVerified'] as const;

export async function fuzzTarget(type: TestDb): Promise<FuzzTarget> {
  const smtp: TestSmtp = await startSmtp();
  const errorLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { level: string; msg?: string; err?: { message?: string } };
        if (entry.level === 'error' || entry.level === 'fatal') errorLogs.push(`${entry.msg}: ${entry.err?.message ?? ''}`);
      }
      done();
    },
  });
  const t = await buildContentApp(
    type,
    { BODY_LIMIT: String(BODY_LIMIT), SMTP_URL: smtp.url },
    { logger: createLogger({ logLevel: 'error' }, sink) },
  );
  const doc = await fetchDocument(t.app);

  const pools: Record<string, string[]> = { '/api/v1/content': [], '/api/v1/users': [] };
  const learn = (collection: string, body: { id?: unknown; slug?: unknown }) => {
    for (const v of [body.id, body.slug]) if (v !== undefined) pools[collection]?.push(String(v));
  };
  for (const [username, role] of [
    ['vera', 'member'],
    ['victor', 'editor'],
    ['valerie', 'admin'],
  ]) {
    const res = await t.send('POST', '/api/v1/users', t.admin_.accessToken, {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
      role,
    });
    learn('/api/v1/users', (await res.json()) as object);
  }
  for (const [title, status] of [
    ['Published post', 'published'],
    ['Draft post', 'draft'],
    ['Archived post', 'archived'],
    ['Crème brûlée', 'published'],
  ]) {
    learn('/api/v1/content', await t.create({ title, status, body: `The body of ${title}` }));
  }

  const sessions = { admin: t.admin_, editor: t.editor, member: t.member };
  const actors = Object.values(sessions).map((s) => s.user.id);
  const em = () => t.orm.fork();
  const snapshot = await em().find(User, { id: { $in: actors } }, { fields: [...ACTOR_FIELDS] });
  const saved = snapshot.map((u) => ({ id: u.id, ...Object.fromEntries(ACTOR_FIELDS.map((f) => [f, u[f]])) }));
  const restore = async () => {
    const e = em();
    for (const { id, ...fields } of saved) {
      await e.nativeUpdate(
        User,
        { id },
        { ...fields, deletedAt: null, lockedUntil: null, failedLoginCount: 0, twoFactorEnabled: false, totpSecret: null },
      );
    }
    await e.nativeDelete(Setting, {});
    await seedDefaults(e);
  };

  const names = Object.values(sessions).map((s) => s.user.username);
  const hints: Hints = {
    login: [...names, 'vera', 'root@example.com', 'eddie@example.com'],
    username: [...names, 'vera'],
    email: [...names.map((n) => `${n}@example.com`), 'vera@example.com'],
    to: ['root@example.com', 'someone@example.com'],
    password: [PASSWORD],
    currentPassword: [PASSWORD],
    refreshToken: Object.values(sessions).map((s) => s.refreshToken),
    token: [SETUP_TOKEN],
    slug: pools['/api/v1/content'].filter((v) => !/^\d+$/.test(v)),
    q: ['post', 'creme', 'root', '%'],
    file: ['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js'],
  };

  const tokenOf = (caller: Caller) =>
    caller === 'anonymous' ? undefined : caller === 'forged' ? `${t.editor.accessToken.slice(0, -4)}AAAA` : sessions[caller].accessToken;

  /** The URL and init of `r`, its pool indexes replaced by ids that exist now (never a signed-in account's). */
  const materialize = (r: FuzzRequest) => {
    const collection = r.operation.path.slice(0, r.operation.path.indexOf('/{'));
    const path = fillPath(
      r.operation.path,
      Object.fromEntries(
        Object.entries(r.pathParams).map(([name, v]) => {
          const pool = pools[collection] ?? [];
          const value = 'pool' in v ? (pool.length ? encodeURIComponent(pool[v.pool % pool.length]) : '1') : v.raw;
          return [name, collection === '/api/v1/users' && actors.map(String).includes(value) ? '999999' : value];
        }),
      ),
      true,
    );
    const query = r.query.length ? `?${r.query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    const token = tokenOf(r.caller);
    const headers: Record<string, string> = { ...r.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (r.body?.contentType) headers['content-type'] = r.body.contentType;
    const body = r.body && new TextEncoder().encode(r.body.text);
    return { url: path + query, init: { method: r.operation.method, headers, body } };
  };

  const describe = (r: FuzzRequest, url: string) => {
    const b = r.body;
    const shown =
      b && (b.text.length > 240 ? `${JSON.stringify(b.text.slice(0, 240))}... (${b.text.length} characters)` : JSON.stringify(b.text));
    return `${r.operation.method} ${url.length > 300 ? `${url.slice(0, 300)}...` : url} as ${r.caller}${
      r.headers['if-match'] ? ` If-Match ${r.headers['if-match']}` : ''
    }${b ? ` body (${b.kind}, ${b.contentType ?? 'no content type'}) ${shown}` : ''}`;
  };

  const check = createChecker(doc);

  return {
    t,
    doc,
    hints,
    async close() {
      await t.close();
      await smtp.close();
    },
    async run(requests, { timeoutMs, restoreEvery }) {
      const findings = new Map<string, Finding>();
      const statuses = new Map<string, Map<number, number>>();
      const note = (r: FuzzRequest, url: string, problem: string, detail?: string) => {
        const key = `${r.operation.name}: ${problem}`;
        const found = findings.get(key);
        if (found) found.count++;
        else findings.set(key, { problem: key, count: 1, example: describe(r, url), detail });
      };
      for (const [i, r] of requests.entries()) {
        if (i % restoreEvery === 0) await restore();
        const { url, init } = materialize(r);
        const logged = errorLogs.length;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs)));
        const res = await Promise.race([t.app.request(url, init), timeout]).finally(() => clearTimeout(timer));
        if (res === 'timeout') {
          note(r, url, `no answer within ${timeoutMs} ms`);
          continue;
        }
        const text = await res.text();
        const byStatus = statuses.get(r.operation.name) ?? new Map<number, number>();
        statuses.set(r.operation.name, byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1));
        const verdict = check(r.operation, res, text);
        if (verdict.problem) note(r, url, verdict.problem, verdict.detail);
        if (errorLogs.length > logged) note(r, url, 'an error was logged', errorLogs.slice(logged).join(' | '));
        if (res.status === 201 && r.operation.method === 'POST' && pools[r.operation.path])
          learn(r.operation.path, JSON.parse(text) as object);
      }
      const logged = errorLogs.length;
      await t.mailer.drain();
      for (const line of errorLogs.slice(logged))
        findings.set(line, { problem: 'an error was logged by a mail sent after its answer', count: 1, example: line });
      return { findings: [...findings.values()], statuses, errorLogs };
    },
  };
}
