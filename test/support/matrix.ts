/**
 * `describeEachDatabase(name, fn)`: the same cases against SQLite, MariaDB and PostgreSQL.
 * A server that is down fails the suite under REQUIRE_DATABASES=1 and is skipped loudly otherwise.
 */
import { describe, it } from 'vitest';

import { databasesRequired, serverProblem, TEST_DATABASES, type TestDb } from './databases.ts';

const problems = Object.fromEntries(await Promise.all(TEST_DATABASES.map(async (t) => [t, await serverProblem(t)] as const))) as Record<
  TestDb,
  string | undefined
>;

export function describeEachDatabase(name: string, fn: (type: TestDb) => void, only: TestDb[] = TEST_DATABASES): void {
  for (const type of only) {
    const problem = problems[type];
    if (problem && !databasesRequired()) {
      console.warn(`\n*** SKIPPED "${name}" on ${type}: ${problem}. Set REQUIRE_DATABASES=1 to make this a failure. ***\n`);
      describe.skip(`${name} [${type}]`, () => fn(type));
    } else if (problem) {
      describe(`${name} [${type}]`, () => {
        it(`needs a ${type} server`, () => {
          throw new Error(problem);
        });
      });
    } else {
      describe(`${name} [${type}]`, () => fn(type));
    }
  }
}
