/**
 * The HTTP contract against adapters/lambda.js invoked in process with documented events
 * (test/support/lambda-events.ts) on PostgreSQL (production Lambda refuses SQLite): once through an
 * HTTP API (payload 2.0, stage `live`; HTTPS only, so no redirect to test) and once through an ALB
 * (whose HTTP listener passes plain HTTP on with X-Forwarded-Proto: http). TRUST_PROXY is left unset,
 * as on a real function: the adapter reports the AWS front end as the loopback peer, which the
 * `lambda` target trusts by default.
 */
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe } from 'vitest';

import { createLambdaHandler } from '../../adapters/lambda.js';
import { CONFIG_VARIABLES } from '../../src/config.ts';
import { databasesRequired, provisionDatabase, type ProvisionedDb, serverProblem } from '../support/databases.ts';
import { albEvent, httpApiV2Event, lambdaContext, type RequestSpec } from '../support/lambda-events.ts';
import { contractTests, type Target, type TargetRequest, type TargetResponse } from './contract.ts';
import { BASE_PATH, CONTRACT_ENV } from './targets.ts';

type Handler = ReturnType<typeof createLambdaHandler>['handler'];
type Result = Awaited<ReturnType<Handler>> & { multiValueHeaders?: Record<string, (string | number | boolean)[]> };

const problem = await serverProblem('postgresql');
if (problem && !databasesRequired()) console.warn(`\n*** SKIPPED the Lambda contract: ${problem}. ***\n`);
const describePostgres = problem && !databasesRequired() ? describe.skip : describe;

/** The handler's answer, headers and multi-value headers merged as a client would see them. */
function toResponse(result: Result): TargetResponse {
  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  };
  for (const [name, value] of Object.entries(result.headers ?? {})) add(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) for (const v of values) add(name, String(v));
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
  return { status: result.statusCode, headers, body };
}

const spec = (path: string, init: TargetRequest): RequestSpec => ({
  path,
  method: init.method,
  headers: Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k, [v]])),
});

describePostgres('HTTP contract: Lambda handler (adapters/lambda.js in process, PostgreSQL)', () => {
  let db: ProvisionedDb;
  const handlers: ReturnType<typeof createLambdaHandler>[] = [];
  beforeAll(async () => {
    if (problem) throw new Error(problem);
    db = await provisionDatabase('postgresql');
  });
  afterAll(async () => {
    for (const h of handlers) await (await h.runtime()).orm.close();
    await db?.drop();
  });

  /** A handler of its own on the suite's database; its logs are dropped. */
  function handler(): Handler {
    const blank: Record<string, string> = Object.fromEntries(
      CONFIG_VARIABLES.flatMap((n) => [[n, ''] as const, [`${n}_FILE`, ''] as const]),
    );
    delete blank.TRUST_PROXY; // unset, not blank (blank trusts nobody)
    const env = {
      ...blank,
      ...CONTRACT_ENV,
      ...db.env,
      AWS_LAMBDA_FUNCTION_NAME: 'filamenta-contract',
      BASE_PATH,
    };
    const sink = new Writable({ write: (_chunk, _enc, done) => done() });
    const lambda = createLambdaHandler(env, { errorLog: () => undefined, logDestination: sink });
    handlers.push(lambda);
    return lambda.handler;
  }

  const common: Omit<Target, 'name' | 'host' | 'supportsHttpsRedirect' | 'request'> = {
    database: 'postgresql',
    basePath: BASE_PATH,
    servesUnprefixed: true,
    bareBasePath: 'answers',
    behindTrustedProxy: 'forwards',
  };

  /** The front doors: how each builds the event for a request. */
  const doors = [
    {
      title: 'through an HTTP API (payload 2.0, stage live; HTTPS only)',
      host: 'f7g8h9i0j1.execute-api.eu-west-3.amazonaws.com',
      supportsHttpsRedirect: false,
      event: (path: string, init: TargetRequest) => {
        if (init.scheme === 'http') throw new Error('API Gateway takes HTTPS only');
        return httpApiV2Event(spec(path, init), { stage: 'live' });
      },
    },
    {
      title: 'through an ALB (HTTP and HTTPS listeners)',
      host: 'filamenta-123456789.eu-west-3.elb.amazonaws.com',
      supportsHttpsRedirect: true,
      event: (path: string, init: TargetRequest) =>
        albEvent(spec(path, { ...init, headers: { 'X-Forwarded-Proto': init.scheme ?? 'https', ...init.headers } })),
    },
  ];

  for (const door of doors) {
    describe(door.title, () => {
      contractTests(door.supportsHttpsRedirect, async () => {
        const handle = handler();
        const request = async (path: string, init: TargetRequest = {}) =>
          toResponse((await handle(door.event(path, init) as unknown as Parameters<Handler>[0], lambdaContext())) as Result);
        return {
          target: { ...common, name: `Lambda ${door.title}`, host: door.host, supportsHttpsRedirect: door.supportsHttpsRedirect, request },
          stop: async () => undefined,
        };
      });
    });
  }
});
