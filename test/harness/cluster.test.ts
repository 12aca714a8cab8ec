/**
 * The many-instances harness (test/support/cluster.ts with nginx.ts upstreamConfig): three
 * Filamenta processes on one PostgreSQL database behind a real nginx upstream take requests in
 * turn, and a steady load runs through a rolling restart with every answer counted. GET requests
 * lose none today (nginx retries the ones that meet a closed port on the next instance); the
 * counts are printed for the record.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCluster, steadyLoad, type Cluster, type LoadRun } from '../support/cluster.ts';
import { provisionDatabase, serverProblem, type ProvisionedDb } from '../support/databases.ts';
import { nginxProblem } from '../support/nginx.ts';
import { describeNeeding } from '../support/needs.ts';
import { freePort, httpRequest, killLeftovers, pollUntil } from '../support/process.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
const problem = (await nginxProblem()) ?? (await serverProblem('postgresql'));

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

describeNeeding(problem, 'many-instances')('three instances on one PostgreSQL database behind nginx', () => {
  let db: ProvisionedDb;
  let cluster: Cluster;

  beforeAll(async () => {
    if (problem) throw new Error(problem);
    db = await provisionDatabase('postgresql');
    cluster = await startCluster(3, { ...db.env, NODE_ENV: 'production', SECRET_KEY, TRUST_PROXY: 'loopback' });
  });

  afterAll(async () => {
    await cluster?.stop();
    await killLeftovers();
    await db?.drop();
  });

  it('sends the requests round robin: 30 in a row reach each instance 10 times', async () => {
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await httpRequest(`${cluster.url}/api/v1/config`));
    expect(answers.map((res) => res.status)).toEqual(Array(30).fill(200));
    expect(new Set(answers.map((res) => res.body)).size).toBe(1);

    const ports = cluster.instances.map((instance) => `127.0.0.1:${instance.port}`);
    // nginx writes its log line as it finishes a request, a moment after the client has the answer.
    const lines = await pollUntil(
      () => {
        const found = cluster.nginx.upstreamLog().filter((line) => line.uri === '/api/v1/config');
        return found.length >= 30 ? found : undefined;
      },
      { timeoutMs: 5000, what: '30 access log lines' },
    );
    expect(lines.map((line) => line.upstream)).toEqual(Array(30).fill(expect.stringMatching(/^127\.0\.0\.1:\d+$/)));
    const perInstance = Object.fromEntries(ports.map((port) => [port, lines.filter((line) => line.upstream === port).length]));
    expect(perInstance).toEqual(Object.fromEntries(ports.map((port) => [port, 10])));
    // Each instance logged the requests nginx says it sent there, under nginx's request id (the
    // log is asynchronous: its last line may arrive a moment after the answer).
    const logged = (i: number) => cluster.instances[i].logs.filter((line) => line.msg === 'request' && line.path === '/api/v1/config');
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

  it('runs a steady load through a rolling restart: each instance replaced, traffic back on each, failures counted', async () => {
    const before = cluster.instances.map((instance) => instance.child.pid);
    const load = steadyLoad(`${cluster.url}/api/v1/config`, { concurrency: 4, maxMs: 90_000 });
    await answersMore(load, 50);
    const exits = [];
    for (let i = 0; i < cluster.instances.length; i++) {
      exits.push(await cluster.restart(i));
      // Back in nginx's rotation (once its fail_timeout has passed) before the next one goes.
      await servedSince(cluster, i, Date.now());
    }
    await answersMore(load, 50);
    const report = await load.stop();

    expect(exits).toEqual(Array(3).fill({ code: 0, signal: null }));
    const after = cluster.instances.map((instance) => instance.child.pid);
    expect(after.every((pid, i) => pid !== before[i])).toBe(true);
    const lines = cluster.nginx.upstreamLog();
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
});
