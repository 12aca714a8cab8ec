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
import { getConnInfo, handle } from 'hono/aws-lambda';
import { configFromEnvironment, createRuntime, describeStartupFailure } from '../src/runtime.ts';
import { createLogger } from '../src/logger.ts';

/**
 * @typedef {import('hono/aws-lambda').LambdaEvent} LambdaEvent
 * @typedef {import('hono/aws-lambda').LambdaContext} LambdaContext
 * @typedef {Awaited<ReturnType<typeof createRuntime>>} Runtime
 * @typedef {(event: LambdaEvent, context?: LambdaContext) => Promise<import('hono/aws-lambda').APIGatewayProxyResult>} Handler
 */

/**
 * The client as API Gateway saw it (`requestContext.identity.sourceIp` / `http.sourceIp`), or for an
 * ALB the last X-Forwarded-For entry, the one the load balancer appended.
 * @param {import('hono').Context} c
 */
export function lambdaRemoteAddress(c) {
  if (!c.env?.requestContext) return undefined;
  return getConnInfo(c).remote.address;
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
    let serve;
    try {
      ({ serve } = await start());
    } catch (error) {
      report(error);
      return /** @type {Handler} */ (answerNotStarted)(event, context);
    }
    return serve(withoutStage(event), /** @type {LambdaContext} */ (context));
  }

  /**
   * One line: CloudWatch makes each stderr line an event of its own.
   * @param {unknown} error
   */
  function report(error) {
    errorLog(
      `Filamenta cannot start: ${describeStartupFailure(error)
        .message.replace(/:\n\s*/, ': ')
        .replace(/\n\s*/g, '; ')}`,
    );
  }

  return { handler, start, report, runtime: async () => (await start()).runtime };
}

const main = createLambdaHandler(process.env);

/** The function's handler: `lambda.handler` in dist/lambda.mjs. */
export const handler = main.handler;

// In Lambda, start during the init phase (before the first event, on provisioned concurrency too);
// a failure there is logged at once, and again by every invocation until a start succeeds.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) main.start().catch(main.report);
