/**
 * The HTTP contract every deployment target keeps: the same cases, the same assertions, run by
 * test/conformance/<target>.test.ts against in-process `app.request()`, the Node server, Passenger
 * under Apache, the container entrypoint behind nginx and the Lambda handler. A target describes
 * itself with a `Target`; the cases ask it for requests and read only the status, headers and body.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, expect, it } from 'vitest';

export interface TargetResponse {
  status: number;
  /** Lower-case names; a header sent twice is joined with ", " (as Node joins it), so a duplicate shows. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface TargetRequest {
  method?: string;
  headers?: Record<string, string>;
  /** How the client reached the edge: over HTTPS (the default) or plain HTTP. */
  scheme?: 'http' | 'https';
}

export interface Target {
  name: string;
  /** The database behind the target, as /health/ready and /api/v1/version name it. */
  database: 'sqlite' | 'postgresql';
  /** The public URL prefix ('' for none), e.g. '/filamenta'. */
  basePath: string;
  /** The host name clients use, which an HTTPS redirect must keep. */
  host: string;
  /** True when a path without the prefix also reaches the app (no proxy in front routes by prefix). */
  servesUnprefixed: boolean;
  /**
   * The request reaches the app from a trusted proxy, so X-Forwarded-Proto and X-Request-Id are
   * believed: 'forwards' when the hop passes the client's X-Request-Id on, 'replaces' when the proxy
   * sets its own (nginx's $request_id).
   */
  behindTrustedProxy: 'forwards' | 'replaces';
  /**
   * What `<base>` without the trailing slash does: the app answers it, or the proxy redirects to
   * `<base>/` first (nginx does for a `location /prefix/` with proxy_pass).
   */
  bareBasePath: 'answers' | 'redirects to the slash';
  /** FORCE_HTTPS can be exercised: the edge accepts plain HTTP (API Gateway is HTTPS only). */
  supportsHttpsRedirect: boolean;
  /** Paths may end with a slash; `path` always starts with one. */
  request(path: string, init?: TargetRequest): Promise<TargetResponse>;
}

interface ContractCase {
  name: string;
  run(target: Target): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** nginx's $request_id. */
const NGINX_ID = /^[0-9a-f]{32}$/;
const PROBLEM_JSON = 'application/problem+json';
const HSTS = 'max-age=31536000; includeSubDomains';

const json = (res: TargetResponse) => JSON.parse(res.body) as Record<string, unknown>;
const show = (res: TargetResponse) => `${res.status} ${JSON.stringify(res.headers)}\n${res.body.slice(0, 600)}`;

/** The id the app generates, or the one the target's proxy always supplies. */
const freshId = (target: Target) => (target.behindTrustedProxy === 'replaces' ? NGINX_ID : UUID);

function expectProblem(res: TargetResponse, status: number, instance: string, prefix: string) {
  expect(res.status, show(res)).toBe(status);
  expect(res.headers['content-type']).toBe(PROBLEM_JSON);
  const requestId = res.headers['x-request-id'];
  expect(requestId).toBeTruthy();
  // The instance is the routed path, with or without the public prefix in front (both have been
  // the app's answer while the prefix handling changed).
  expect(json(res)).toMatchObject({ type: 'about:blank', status, requestId });
  expect([instance, `${prefix}${instance}`]).toContain(json(res).instance);
}

const CONTRACT: ContractCase[] = [
  {
    name: 'GET <base>/health answers 200 {status: ok} with a request id and the security headers',
    async run(t) {
      const res = await t.request(`${t.basePath}/health`);
      expect(res.status, show(res)).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(json(res)).toMatchObject({ status: 'ok' });
      expect(res.headers['x-request-id']).toMatch(freshId(t));
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    },
  },
  {
    name: 'GET <base>/health/ready answers 200 with the database type, ok, and no pending migration',
    async run(t) {
      const res = await t.request(`${t.basePath}/health/ready`);
      expect(res.status, show(res)).toBe(200);
      expect(json(res)).toMatchObject({ status: 'ready', database: { type: t.database, ok: true }, migrations: { pending: 0 } });
    },
  },
  {
    name: 'GET <base>/api/v1/version answers the name, version, Node version and database',
    async run(t) {
      const res = await t.request(`${t.basePath}/api/v1/version`);
      expect(res.status, show(res)).toBe(200);
      expect(json(res)).toMatchObject({
        name: 'filamenta',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        node: process.versions.node,
        database: { type: t.database },
      });
    },
  },
  {
    name: 'an unknown path answers 404 as application/problem+json carrying the request id',
    async run(t) {
      const res = await t.request(`${t.basePath}/api/v1/nothing-here`);
      expectProblem(res, 404, '/api/v1/nothing-here', t.basePath);
      expect(json(res).title).toBe('Not Found');
    },
  },
  {
    name: 'a wrong method answers 405 as application/problem+json with Allow and the request id',
    async run(t) {
      const res = await t.request(`${t.basePath}/health`, { method: 'DELETE' });
      expectProblem(res, 405, '/health', t.basePath);
      expect(res.headers.allow).toBe('GET, HEAD');
      const post = await t.request(`${t.basePath}/api/v1/version`, { method: 'POST' });
      expectProblem(post, 405, '/api/v1/version', t.basePath);
    },
  },
  {
    name: 'the base path itself answers, with and without the trailing slash, linking to <base>/health',
    async run(t) {
      const bare = await t.request(t.basePath);
      if (t.bareBasePath === 'redirects to the slash') {
        expect(bare.status, show(bare)).toBe(301);
        expect(bare.headers.location).toMatch(new RegExp(`^https://${t.host}(:\\d+)?${t.basePath}/$`));
      }
      const paths = t.bareBasePath === 'answers' ? [t.basePath, `${t.basePath}/`] : [`${t.basePath}/`];
      for (const path of paths) {
        const res = await t.request(path);
        expect(res.status, `${path}: ${show(res)}`).toBe(200);
        expect(json(res)).toEqual({ name: 'filamenta', version: expect.any(String), health: `${t.basePath}/health` });
      }
      for (const path of [`${t.basePath}/health/`, `${t.basePath}/api/v1/version/`]) {
        const res = await t.request(path);
        expect(res.status, `${path}: ${show(res)}`).toBe(200);
      }
    },
  },
  {
    name: 'a path without the prefix reaches the app only where nothing in front routes by prefix',
    async run(t) {
      if (!t.basePath) throw new Error(`${t.name}: the contract needs a target with a base path`);
      const res = await t.request('/health');
      if (t.servesUnprefixed) {
        expect(res.status, show(res)).toBe(200);
        expect(json(res)).toMatchObject({ status: 'ok' });
      } else {
        // The proxy answers by itself: the app never saw the request, so there is no request id.
        expect(res.status, show(res)).toBe(404);
        expect(res.headers['x-request-id']).toBeUndefined();
      }
    },
  },
  {
    name: 'over HTTPS through the trusted proxy: Strict-Transport-Security, once, and no redirect',
    async run(t) {
      for (const path of [`${t.basePath}/health`, `${t.basePath}/api/v1/nothing-here`]) {
        const res = await t.request(path, { scheme: 'https' });
        expect(res.status, show(res)).not.toBe(301);
        expect(res.headers['strict-transport-security'], show(res)).toBe(HSTS);
      }
    },
  },
  {
    name: 'a request id is generated when none comes, and differs per request',
    async run(t) {
      const [a, b] = [await t.request(`${t.basePath}/api/v1/version`), await t.request(`${t.basePath}/api/v1/version`)];
      expect(a.headers['x-request-id']).toMatch(freshId(t));
      expect(b.headers['x-request-id']).toMatch(freshId(t));
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    },
  },
  {
    name: "the trusted proxy's X-Request-Id is the request's id (a client's own is not, where the proxy sets one)",
    async run(t) {
      const sent = `contract-${Math.random().toString(36).slice(2)}`;
      const res = await t.request(`${t.basePath}/api/v1/nothing-here`, { headers: { 'X-Request-Id': sent } });
      const id = res.headers['x-request-id'];
      if (t.behindTrustedProxy === 'forwards') expect(id).toBe(sent);
      else {
        expect(id).toMatch(NGINX_ID);
        expect(id).not.toBe(sent);
      }
      expect(json(res).requestId).toBe(id);
    },
  },
  {
    name: 'the Authorization header reaches the guard: a bad bearer token on a public read answers 401 invalid_token, none answers 404',
    async run(t) {
      const path = `${t.basePath}/api/v1/content/no-such-item`;
      const bad = await t.request(path, { headers: { Authorization: 'Bearer not-a-token' } });
      expect(bad.status, show(bad)).toBe(401);
      expect(bad.headers['www-authenticate']).toBe('Bearer realm="filamenta", error="invalid_token"');
      const anonymous = await t.request(path, { headers: { 'If-None-Match': '"1-1"' } });
      expect(anonymous.status, show(anonymous)).toBe(404);
      expect(anonymous.headers['x-content-type-options']).toBe('nosniff');
    },
  },
  {
    name: 'an X-Request-Id that is not a plain token is replaced by a generated one',
    async run(t) {
      const res = await t.request(`${t.basePath}/health`, { headers: { 'X-Request-Id': 'no spaces <allowed> here' } });
      expect(res.headers['x-request-id']).toMatch(freshId(t));
    },
  },
  {
    name: 'the console: <base>/admin/ and a deep link answer its page, revalidated, under its own CSP, with a <base> back to <base>/admin/',
    async run(t) {
      for (const [path, base] of [
        [`${t.basePath}/admin/`, './'],
        [`${t.basePath}/admin/users/12`, '../'],
      ]) {
        const res = await t.request(path);
        expect(res.status, `${path}: ${show(res)}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'; /);
        expect(/<base href="([^"]*)">/.exec(res.body)?.[1], path).toBe(base);
        expect(new URL(base, `https://${t.host}${path}`).pathname).toBe(`${t.basePath}/admin/`);
      }
    },
  },
  {
    name: "the console's hashed assets are immutable, and compressed when the client accepts it",
    async run(t) {
      const page = await t.request(`${t.basePath}/admin/`);
      const entry = /<script type="module" src="(assets\/main-[^"]+)"/.exec(page.body)?.[1];
      expect(entry, show(page)).toBeDefined();
      const plain = await t.request(`${t.basePath}/admin/${entry}`);
      expect(plain.status, show(plain)).toBe(200);
      expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toMatch(/import/);
      const gzip = await t.request(`${t.basePath}/admin/${entry}`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gzip.status).toBe(200);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    },
  },
];

/** Plain HTTP at the edge, with FORCE_HTTPS: a permanent redirect to the same URL on HTTPS, without HSTS. */
const HTTPS_REDIRECT: ContractCase = {
  name: 'plain HTTP is redirected to HTTPS (301 for GET, path and query kept) without HSTS',
  async run(t) {
    const path = `${t.basePath}/api/v1/version?x=1`;
    const res = await t.request(path, { scheme: 'http' });
    expect(res.status, show(res)).toBe(301);
    expect(res.headers.location).toBe(`https://${t.host}${path}`);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  },
};

/**
 * Where the target's front is the internet-facing edge (nginx, Apache + Passenger), the visitor
 * talks to it directly: its own forwarding headers must not be believed.
 */
const VISITOR_FORWARDED: ContractCase = {
  name: "at the edge, a visitor's own X-Forwarded-Proto and X-Forwarded-Host neither skip the redirect nor choose its host",
  async run(t) {
    const path = `${t.basePath}/api/v1/version`;
    const res = await t.request(path, { scheme: 'http', headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example' } });
    expect(res.status, show(res)).toBe(301);
    expect(res.headers.location).toBe(`https://${t.host}${path}`);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  },
};

/** The cases that apply to a target (the redirect only where the edge takes plain HTTP). */
function casesFor(target: Pick<Target, 'supportsHttpsRedirect'> & { edge?: boolean }): ContractCase[] {
  if (!target.supportsHttpsRedirect) return CONTRACT;
  return target.edge ? [...CONTRACT, HTTPS_REDIRECT, VISITOR_FORWARDED] : [...CONTRACT, HTTPS_REDIRECT];
}

/** Polls <base>/health/ready until 200: the adapters listen before the database (and migrations) are done. */
async function untilReady(target: Target, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const res = await target.request(`${target.basePath}/health/ready`);
    if (res.status === 200) return;
    if (performance.now() > deadline) throw new Error(`${target.name} never became ready: ${show(res)}`);
    await sleep(100);
  }
}

export interface StartedTarget {
  target: Target;
  stop(): Promise<void>;
}

/**
 * Registers the contract inside the caller's describe block: `start` runs once (beforeAll), every
 * case runs against the one running target, and `stop` runs afterAll. `supportsHttpsRedirect` is
 * known before start so the cases can be declared; the started target must agree.
 */
export function contractTests(
  supportsHttpsRedirect: boolean,
  start: () => Promise<StartedTarget>,
  startTimeoutMs = 60_000,
  { edge = false }: { edge?: boolean } = {},
): void {
  let started: StartedTarget | undefined;
  beforeAll(async () => {
    started = await start();
    expect(started.target.supportsHttpsRedirect).toBe(supportsHttpsRedirect);
    await untilReady(started.target, startTimeoutMs);
  }, startTimeoutMs);
  afterAll(async () => {
    await started?.stop();
  }, 30_000);
  const target = () => {
    if (!started) throw new Error('the target did not start (see beforeAll)');
    return started.target;
  };
  for (const c of casesFor({ supportsHttpsRedirect, edge })) it(c.name, () => c.run(target()), 30_000);
}
