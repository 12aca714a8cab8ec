/**
 * Every suite `npm run bench` knows, in the order they run on each database; BENCH_SUITES picks
 * some by name. A new suite is a module in this folder and one line here.
 */
import type { Suite } from '../suite.ts';
import { apiSuite } from './api.ts';
import { consoleSuite } from './console.ts';
import { healthSuite } from './health.ts';
import { processesSuite } from './processes.ts';
import { replicasSuite } from './replicas.ts';

export const SUITES: readonly Suite[] = [healthSuite, apiSuite, processesSuite, consoleSuite, replicasSuite];

/** The suites BENCH_SUITES names, in run order; an unknown name is an error that lists the known ones. */
export function selectSuites(names: readonly string[]): Suite[] {
  const unknown = names.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length) {
    throw new Error(`BENCH_SUITES: unknown suite(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`);
  }
  return SUITES.filter((s) => names.includes(s.name));
}
