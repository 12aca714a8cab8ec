// @ts-check
/**
 * AWS Lambda handler (`lambda.handler`) for API Gateway REST (payload 1.0) and HTTP APIs (1.0 and
 * 2.0), Function URLs and ALB target groups, through Hono's Lambda adapter.
 *
 * The configuration, ORM and app are built once per execution environment and reused by every
 * invocation; the pool is never closed between invocations (Lambda freezes the process, and the
 * next invocation reuses the open connection). A failed start is not cached: the next invocation
 * tries again, and meanwhile each one answers a bare 500 problem while the reason goes to stderr
 * (CloudWatch).
 */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

import { createLogger } from '../src/logger.ts';
import { configFromEnvironment, createRuntime, describeStartupFailure } from '../src/runtime.ts';
import { nodeVersionProblem } from './node-version.cjs';

/**
 * @typedef {import('hono/aws-lambda').LambdaEvent} LambdaEvent
 * @typedef {import('hono/aws-lambda').LambdaContext} LambdaContext
 * @typedef {Awaited<ReturnType<typeof createRuntime>>} Runtime
 * @typedef {(event: LambdaEvent, context?: LambdaContext) => Promise<import('hono/aws-lambda').APIGatewayProxyResult>} Handler
 */

/**
 * The address that stands for the AWS front end (API Gateway, Function URL or ALB): the "socket
 * peer" of every event, which the `lambda` target trusts by default (TRUST_PROXY `loopback`, as
 * Passenger on cpanel). The client is then the last X-Forwarded-For entry and the scheme
 * X-Forwarded-Proto, both set by the front end.
 */
export const FRONT_END_ADDRESS = '127.0.0.1';

/** @param {import('hono').Context} c */
export function lambdaRemoteAddress(c) {
  return c.env?.requestContext ? FRONT_END_ADDRESS : undefined;
}

/**
 * API Gateway and Function URLs name the client in `requestContext` (`identity.sourceIp`,
 * `http.sourceIp`); behind an edge-optimized REST API, CloudFront's own address follows it in
 * X-Forwarded-For. So X-Forwarded-For is made to end with that address: cut after its last
 * occurrence, or appended to (or created) when it is missing, as in hand-made test events. ALB events
 * have no sourceIp and are left alone: the load balancer appends the client itself.
 * @param {LambdaEvent} event
 * @returns {LambdaEvent}
 */
export function withForwardedClient(event) {
  const context = /** @type {{ identity?: { sourceIp?: string }, http?: { sourceIp?: string } } | undefined} */ (event.requestContext);
  const client = context?.identity?.sourceIp ?? context?.http?.sourceIp;
  if (!client) return event;
  /** @param {string | undefined} value */
  const endingWithClient = (value) => {
    const entries = (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = entries.lastIndexOf(client);
    return (last === -1 ? [...entries, client] : entries.slice(0, last + 1)).join(', ');
  };
  const record = /** @type {{ headers?: Record<string, string>, multiValueHeaders?: Record<string, string[]> }} */ (
    /** @type {unknown} */ (event)
  );
  /** @param {object} headers */
  const keyOf = (headers) => Object.keys(headers).find((k) => k.toLowerCase() === 'x-forwarded-for') ?? 'x-forwarded-for';
  const changed = { ...record };
  const headers = record.headers ?? {};
  const key = keyOf(headers);
  changed.headers = { ...headers, [key]: endingWithClient(headers[key]) };
  if (record.multiValueHeaders) {
    const multi = record.multiValueHeaders;
    const multiKey = keyOf(multi);
    changed.multiValueHeaders = { ...multi, [multiKey]: [endingWithClient(multi[multiKey]?.join(', '))] };
  }
  return /** @type {LambdaEvent} */ (/** @type {unknown} */ (changed));
}

/**
 * A named stage that the event's path carries: HTTP API (2.0) puts it in `rawPath`; payload 1.0 from
 * an HTTP API keeps it in `path` (then `requestContext.path` is the same), while a REST API leaves it
 * out of `path` and only `requestContext.path` has it.
 * @param {LambdaEvent} event
 * @returns {LambdaEvent}
 */
export function withoutStage(event) {
  const context = /** @type {{ stage?: string, path?: string } | undefined} */ (event.requestContext);
  const stage = context?.stage;
  if (!stage || stage === '$default') return event;
  const key = 'rawPath' in event ? 'rawPath' : 'path';
  const path = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (event))[key];
  if (typeof path !== 'string' || (key === 'path' && context.path !== path)) return event;
  const prefix = `/${stage}`;
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return event;
  return { ...event, [key]: path.slice(prefix.length) || '/' };
}

/** What a client sees while the function cannot start: no reason, only an id to quote. */
/** @type {Hono<{ Bindings: { lambdaContext?: LambdaContext } }>} */
const notStarted = new Hono();
notStarted.all('*', (c) => {
  const requestId = c.env?.lambdaContext?.awsRequestId;
  const body = {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'The service is not available. Quote the request id when reporting it.',
    instance: new URL(c.req.url).pathname,
    ...(requestId ? { requestId } : {}),
  };
  return c.body(JSON.stringify(body), 500, { 'Content-Type': 'application/problem+json' });
});
const answerNotStarted = handle(notStarted);

/**
 * A handler with its own runtime, built from `env` on first use (or on `start()`).
 * @param {Readonly<Record<string, string | undefined>>} env
 * @param {{ errorLog?: (line: string) => void, logDestination?: NodeJS.WritableStream }} [options] where the
 *   start-up failures (stderr) and the JSON logs (stdout, written synchronously so that nothing is
 *   still buffered when Lambda freezes the process) go
 */
export function createLambdaHandler(env, { errorLog = (line) => console.error(line), logDestination = process.stdout } = {}) {
  /** @type {Promise<{ runtime: Runtime, serve: Handler }> | undefined} */
  let starting;

  async function build() {
    // Before anything loads a native addon (the runtime and its ORM); reported as its one line.
    const versionProblem = nodeVersionProblem();
    if (versionProblem) throw Object.assign(new Error(versionProblem), { oneLine: true });
    const config = configFromEnvironment(env);
    const logger = createLogger(config, logDestination);
    const runtime = await createRuntime(config, { logger, remoteAddress: lambdaRemoteAddress });
    if (config.migrateOnStart) {
      try {
        await runtime.whenDatabaseReady();
      } catch (error) {
        await runtime.orm.close().catch(() => undefined);
        throw error;
      }
    }
    logger.info({ target: config.target, database: runtime.orm.type, driver: runtime.orm.driver }, 'Filamenta ready on Lambda');
    return { runtime, serve: /** @type {Handler} */ (handle(runtime.app)) };
  }

  /** Starts the runtime if it is not started or starting; a failure is forgotten so the next call retries. */
  function start() {
    starting ??= build().catch((error) => {
      starting = undefined;
      throw error;
    });
    return starting;
  }

  /** @type {Handler} */
  async function handler(event, context) {
    let serve, runtime;
    try {
      ({ serve, runtime } = await start());
    } catch (error) {
      report(error);
      return /** @type {Handler} */ (answerNotStarted)(event, context);
    }
    const answer = await serve(withForwardedClient(withoutStage(event)), /** @type {LambdaContext} */ (context));
    // Lambda freezes the process after the answer: spans still buffered would wait for the next invocation.
    await runtime.services.tracing?.flush().catch((error) => runtime.logger.warn({ err: error }, 'exporting the traces failed'));
    return answer;
  }

  /**
   * One line: CloudWatch makes each stderr line an event of its own.
   * @param {unknown} error
   */
  function report(error) {
    const message = /** @type {{ oneLine?: boolean }} */ (error)?.oneLine
      ? String(/** @type {Error} */ (error).message)
      : describeStartupFailure(error).message;
    errorLog(`Filamenta cannot start: ${message.replace(/:\n\s*/, ': ').replace(/\n\s*/g, '; ')}`);
  }

  return { handler, start, report, runtime: async () => (await start()).runtime };
}

const main = createLambdaHandler(process.env);

/** The function's handler: `lambda.handler` in dist/lambda.mjs. */
export const handler = main.handler;

// In Lambda, start during the init phase (before the first event, on provisioned concurrency too);
// a failure there is logged at once, and again by every invocation until a start succeeds.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) main.start().catch(main.report);
