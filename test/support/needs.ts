/** Suites that need a binary or a service the machine may not have. */
import { describe } from 'vitest';

import { databasesRequired } from './databases.ts';

/**
 * `describe` for a suite that needs what `problem` says is missing: with REQUIRE_DATABASES=1 (CI)
 * the suite runs and its beforeAll throws `problem`, so it fails loudly; otherwise it is skipped
 * with a warning, as the database suites are.
 */
export function describeNeeding(problem: string | undefined, what: string) {
  const skip = problem !== undefined && !databasesRequired();
  if (skip) console.warn(`\n*** SKIPPED the ${what} tests: ${problem}. Set REQUIRE_DATABASES=1 to make this a failure. ***\n`);
  return describe.skipIf(skip);
}
