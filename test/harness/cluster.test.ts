/**
 * The many-instances harness (test/support/cluster.ts with nginx.ts upstreamConfig): three
 * Filamenta processes on one PostgreSQL (and one MariaDB) database behind a real nginx upstream
 * take requests in turn; a session made on one works on the others, failed logins spread over
 * them lock the account at the configured count, a setting changed through one is what the next
 * request on another reads; and a steady load runs through a rolling restart with every answer
 * counted. GET requests lose none (nginx retries the ones that meet a closed port on the next
 * instance); the counts are printed for the record.
 */
import { expect, it } from 'vitest';

import { ADAPTER_PASSWORD, ADAPTER_SETUP_TOKEN, adminToken } from '../support/adapter-session.ts';
import { type Cluster, type LoadRun, steadyLoad, useCluster } from '../support/cluster.ts';
import { serverProblem } from '../support/databases.ts';
import { describeNeeding } from '../support/needs.ts';
import { nginxProblem } from '../support/nginx.ts';
import { freePort, httpRequest, pollUntil } from '../support/process.ts';

const LOCKOUT_MAX_ATTEMPTS = 5;
const nginxMissing = await nginxProblem();
const JSON_BODY = { 'content-type': 'application/json' };

/** Waits until nginx has had an instance answer 200 since `since` (ms since the epoch). */
async function servedSince(cluster: Cluster, index: number, since: number): Promise<void> {
  const port = `127.0.0.1:${cluster.instances[index].port}`;
  await pollUntil(
    () =>
      cluster.nginx.upstreamLog().some((line) => line.time >= since && line.upstream.split(', ').at(-1) === port && line.status === 200)
        ? true
        : undefined,
    { timeoutMs: 20_000, intervalMs: 100, what: `nginx to send requests to ${port} again` },
  );
}

/** Waits until the load has had `n` more answers than it has now. */
async function answersMore(load: LoadRun, n: number): Promise<void> {
  const target = load.report().sent + n;
  await pollUntil(() => (load.report().sent >= target ? true : undefined), { timeoutMs: 20_000, what: `${n} more answers` });
}

it('the load counts failures: against a port nobody listens on, every request fails', async () => {
  const load = steadyLoad(`http://127.0.0.1:${await freePort()}/`, { concurrency: 2, maxRequests: 20 });
  const report = await load.finished();
  expect(report).toMatchObject({ sent: 20, ok: 0, failed: 20, outcomes: { ECONNREFUSED: 20 } });
  expect(report.failures).toHaveLength(20);
});

for (const type of ['postgresql', 'mariadb'] as const) {
  const problem = nginxMissing ?? (await serverProblem(type));
  describeNeeding(problem, `many-instances on ${type}`)(`three instances on one ${type} database behind nginx`, () => {
    const suite = useCluster(type, problem, {
      SETUP_TOKEN: ADAPTER_SETUP_TOKEN,
      LOCKOUT_MAX_ATTEMPTS: String(LOCKOUT_MAX_ATTEMPTS),
      // Counting the auth rate limit across instances is REDIS_URL's (or its successor's); here it would only get in the way.
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      // On a test machine with more jobs than cores a process is at times not scheduled for half a
      // second, which the overload guard rightly reads as lag; shedding is tested in test/http/overload.test.ts.
      OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
    });

    it('sends the requests round robin: 30 in a row reach each instance 10 times', async () => {
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push(await httpRequest(`${suite.cluster.url}/api/v1/config`));
      expect(answers.map((res) => res.status)).toEqual(Array(30).fill(200));
      expect(new Set(answers.map((res) => res.body)).size).toBe(1);

      const ports = suite.cluster.instances.map((instance) => `127.0.0.1:${instance.port}`);
      // nginx writes its log line as it finishes a request, a moment after the client has the answer.
      const lines = await pollUntil(
        () => {
          const found = suite.cluster.nginx.upstreamLog().filter((line) => line.uri === '/api/v1/config');
          return found.length >= 30 ? found : undefined;
        },
        { timeoutMs: 5000, what: '30 access log lines' },
      );
      expect(lines.map((line) => line.upstream)).toEqual(Array(30).fill(expect.stringMatching(/^127\.0\.0\.1:\d+$/)));
      const perInstance = Object.fromEntries(ports.map((port) => [port, lines.filter((line) => line.upstream === port).length]));
      expect(perInstance).toEqual(Object.fromEntries(ports.map((port) => [port, 10])));
      // Each instance logged the requests nginx says it sent there, under nginx's request id (the
      // log is asynchronous: its last line may arrive a moment after the answer).
      const logged = (i: number) =>
        suite.cluster.instances[i].logs.filter((line) => line.msg === 'request' && line.path === '/api/v1/config');
      await pollUntil(() => ([0, 1, 2].every((i) => logged(i).length >= 10) ? true : undefined), {
        timeoutMs: 5000,
        what: 'request log lines',
      });
      for (const i of [0, 1, 2]) {
        expect(
          logged(i)
            .map((line) => line.requestId)
            .sort(),
        ).toEqual(
          answers
            .filter((_, n) => lines[n].upstream === ports[i])
            .map((res) => res.headers['x-request-id'])
            .sort(),
        );
      }
    });

    it('a session made on one instance works on every other: its access token, its refresh token and its logout', async () => {
      const [a, b, c] = suite.cluster.instances.map((instance) => instance.url);
      await adminToken(a);
      const login = await httpRequest(`${a}/api/v1/auth/login`, {
        method: 'POST',
        headers: JSON_BODY,
        body: JSON.stringify({ login: 'ada', password: ADAPTER_PASSWORD }),
      });
      expect(login.status, login.body).toBe(200);
      const session = JSON.parse(login.body) as { accessToken: string; refreshToken: string };
      for (const url of [b, c]) {
        const me = await httpRequest(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
        expect(me.status, me.body).toBe(200);
        expect(JSON.parse(me.body)).toMatchObject({ username: 'ada' });
      }
      // The refresh token made on a is rotated on b; b's successor is revoked on c; a then refuses it.
      const refresh = (url: string, refreshToken: string) =>
        httpRequest(`${url}/api/v1/auth/refresh`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ refreshToken }) });
      const rotated = await refresh(b, session.refreshToken);
      expect(rotated.status, rotated.body).toBe(200);
      const next = JSON.parse(rotated.body) as { refreshToken: string };
      expect((await refresh(c, session.refreshToken)).status).toBe(401);
      const logout = await httpRequest(`${c}/api/v1/auth/logout`, {
        method: 'POST',
        headers: JSON_BODY,
        body: JSON.stringify({ refreshToken: next.refreshToken }),
      });
      expect(logout.status, logout.body).toBeLessThan(300);
      expect((await refresh(a, next.refreshToken)).status).toBe(401);
    });

    it('a setting changed through one instance is what the next request on each other instance reads', async () => {
      const [a, b, c] = suite.cluster.instances.map((instance) => instance.url);
      const token = await loginAs(a);
      for (const [through, name] of [
        [a, 'Changed through a'],
        [b, 'Changed through b'],
      ] as const) {
        const patch = await httpRequest(`${through}/api/v1/settings`, {
          method: 'PATCH',
          headers: { ...JSON_BODY, authorization: `Bearer ${token}` },
          body: JSON.stringify({ site_name: name }),
        });
        expect(patch.status, patch.body).toBe(200);
        for (const url of [a, b, c]) {
          const config = await httpRequest(`${url}/api/v1/config`);
          expect(JSON.parse(config.body), url).toMatchObject({ siteName: name });
        }
      }
    });

    it('runs a steady load through a rolling restart: each instance replaced, traffic back on each, failures counted', async () => {
      const before = suite.cluster.instances.map((instance) => instance.child.pid);
      const load = steadyLoad(`${suite.cluster.url}/api/v1/config`, { concurrency: 4, maxMs: 90_000 });
      await answersMore(load, 50);
      const exits = [];
      for (let i = 0; i < suite.cluster.instances.length; i++) {
        exits.push(await suite.cluster.restart(i));
        // Back in nginx's rotation (once its fail_timeout has passed) before the next one goes.
        await servedSince(suite.cluster, i, Date.now());
      }
      await answersMore(load, 50);
      const report = await load.stop();

      expect(exits).toEqual(Array(3).fill({ code: 0, signal: null }));
      const after = suite.cluster.instances.map((instance) => instance.child.pid);
      expect(after.every((pid, i) => pid !== before[i])).toBe(true);
      const lines = suite.cluster.nginx.upstreamLog();
      expect(report.sent).toBe(report.ok + report.failed);
      expect(report.ok).toBeGreaterThanOrEqual(200);
      // With GET (retried by nginx on the next instance) the app as it is loses none.
      expect(report.failures).toEqual([]);
      const retried = lines.filter((line) => line.upstream.includes(','));
      console.log(
        `rolling restart of 3 instances under load: ${report.sent} requests, ${report.failed} failed ${JSON.stringify(report.outcomes)}; ` +
          `nginx retried ${retried.length} on the next instance (${[...new Set(retried.map((line) => line.upstreamStatus))].join(' | ')})`,
      );
    }, 120_000);

    it(`failed logins spread over the instances lock the account at LOCKOUT_MAX_ATTEMPTS (${LOCKOUT_MAX_ATTEMPTS}), on every instance`, async () => {
      const since = Date.now();
      const attempt = (url: string, password: string) =>
        httpRequest(`${url}/api/v1/auth/login`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ login: 'ada', password }) });
      const failures = [];
      for (let i = 0; i < LOCKOUT_MAX_ATTEMPTS - 1; i++) failures.push((await attempt(suite.cluster.url, 'wrong password')).status);
      expect(failures).toEqual(Array(LOCKOUT_MAX_ATTEMPTS - 1).fill(401));
      // The attempt that reaches the count locks the account, whichever instance counted the others.
      const locking = await attempt(suite.cluster.url, 'wrong password');
      expect(locking.status, locking.body).toBe(429);
      const logins = await pollUntil(
        () => {
          const found = suite.cluster.nginx.upstreamLog().filter((line) => line.uri === '/api/v1/auth/login' && line.time >= since);
          return found.length >= LOCKOUT_MAX_ATTEMPTS ? found : undefined;
        },
        { timeoutMs: 5000, what: 'the logins in the access log' },
      );
      expect(new Set(logins.map((line) => line.upstream)).size).toBe(3);
      // Locked on every instance, even with the right password.
      for (const instance of suite.cluster.instances) {
        const locked = await attempt(instance.url, ADAPTER_PASSWORD);
        expect(locked.status, locked.body).toBe(429);
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      }
    });
  });
}

/** A fresh access token for ada through `url`. */
async function loginAs(url: string): Promise<string> {
  const login = await httpRequest(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: JSON_BODY,
    body: JSON.stringify({ login: 'ada', password: ADAPTER_PASSWORD }),
  });
  expect(login.status, login.body).toBe(200);
  return (JSON.parse(login.body) as { accessToken: string }).accessToken;
}
