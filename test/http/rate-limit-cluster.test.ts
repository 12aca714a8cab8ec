/**
 * Under several processes the limit is the limit: three Filamenta processes (test/support/cluster.ts)
 * on one database behind nginx, which sends the requests round robin, count one client address
 * once, with no Redis: the database's own store. Counted per process, each would let the limit
 * through, and nine logins would all be 401.
 */
import { expect, it } from 'vitest';

import { useCluster } from '#test/support/cluster.ts';
import { serverProblem, TEST_DATABASES } from '#test/support/databases.ts';
import { describeNeeding } from '#test/support/needs.ts';
import { nginxProblem } from '#test/support/nginx.ts';
import { httpRequest, pollUntil } from '#test/support/process.ts';

const nginx = await nginxProblem();

for (const type of TEST_DATABASES) {
  const problem = nginx ?? (await serverProblem(type));
  describeNeeding(problem, 'many-instances rate limit')(`three instances on one ${type} database count one limit`, () => {
    const suite = useCluster(type, problem, { RATE_LIMIT_AUTH_PER_MINUTE: '4' });

    it('nine logins from one address, round robin over three processes: four answered, then 429', async () => {
      const answers = [];
      for (let i = 0; i < 9; i++) {
        const body = JSON.stringify({ login: `nobody-${i}`, password: 'whatever' });
        answers.push(
          await httpRequest(`${suite.cluster.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          }),
        );
      }
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429]);
      expect(answers[8].headers['ratelimit-policy']).toBe('"auth";q=4;w=60');
      expect(Number(answers[8].headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Every process answered some of them (nginx logs a request a moment after its answer).
      const instances = () =>
        new Set(
          suite.cluster.nginx
            .upstreamLog()
            .filter((line) => line.uri === '/api/v1/auth/login')
            .map((line) => line.upstream.split(', ').at(-1)),
        );
      await pollUntil(() => (instances().size === 3 ? true : undefined), { timeoutMs: 10_000, what: 'nginx to log all three instances' });
    });
  });
}
