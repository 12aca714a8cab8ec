/**
 * The API fuzzed from its own OpenAPI document, on every database: a few thousand generated
 * requests (valid and mutated bodies, query strings and path parameters, anonymous and with each
 * role's token), each answered within a bound, never with a 5xx, only with a status the document
 * lists for the operation and a body its schema accepts, and nothing logged as an error.
 *
 * Seeded: FUZZ_SEED replays a run (the seed is in every failure message); FUZZ_RUNS sets how many
 * requests per database.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { BODY_LIMIT, type FuzzTarget, fuzzTarget } from '#test/support/fuzz/harness.ts';
import { requests } from '#test/support/fuzz/requests.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { operationsOf } from '#test/support/openapi.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_500);
const TIMEOUT_MS = 10_000;

describeEachDatabase('the API fuzzed from its OpenAPI document', (type) => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await fuzzTarget(type);
  });
  afterAll(() => target?.close());

  it(`answers ${RUNS} generated requests as documented (FUZZ_SEED=${SEED})`, { timeout: 600_000 }, async () => {
    const operations = operationsOf(target.doc);
    const generated = fc.sample(requests(target.doc, operations, target.hints, BODY_LIMIT), { seed: SEED, numRuns: RUNS });
    const report = await target.run(generated, { timeoutMs: TIMEOUT_MS, restoreEvery: 50 });

    const lines = report.findings.map((f) => `${f.problem} (x${f.count})\n    ${f.example}${f.detail ? `\n    -> ${f.detail}` : ''}`);
    expect(lines, `${report.findings.length} findings; replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`).toEqual([]);

    // The run reached every operation, and past validation on most of them.
    const reached = operations.filter((o) => report.statuses.has(o.name));
    expect(reached.map((o) => o.name)).toEqual(operations.map((o) => o.name));
    const succeeded = operations.filter((o) => [...(report.statuses.get(o.name)?.keys() ?? [])].some((s) => s < 300));
    expect(succeeded.length / operations.length).toBeGreaterThan(0.7);
  });
});
