// @ts-check
/**
 * The start/stop sequence of every adapter that runs a Node HTTP server (node.js, container.js,
 * passenger.cjs): read the configuration, build the runtime, listen at once (so /health answers
 * while the database is still coming up), wait for the database and migrate, and drain on a stop
 * request. An adapter passes only what its runtime does differently.
 *
 * The steps are exported one by one so that another process layout can reuse them: the clustered
 * server (cluster.js, WEB_CONCURRENCY > 1) migrates once in its primary and runs
 * `serve({ migrate: false })` in each worker, every worker draining itself on the signal the
 * primary forwards.
 */
import { createLogger } from '../src/logger.ts';
import { configFromEnvironment, createRuntime, describeStartupFailure } from '../src/runtime.ts';
import { createHttpServer, drain, socketAddress } from './http-server.js';

/**
 * @typedef {{ code: number, message: string }} StartupFailure
 * @typedef {Awaited<ReturnType<typeof createRuntime>>} Runtime
 *
 * @typedef {object} ServeOptions
 * @property {Readonly<Record<string, string | undefined>>} env  the environment (`.env` is read under it)
 * @property {boolean} [inPassenger]  started by Passenger's loader (the cpanel target)
 * @property {(failure: StartupFailure, listenCalled: boolean) => void} [onFailure]  reports a start-up
 *   failure (before the server's listen() was called, or after) and exits; by default one message on
 *   stderr and the failure's exit code
 * @property {(server: import('node:http').Server) => void} [prepareServer]  the runtime's own request handling
 * @property {(stop: (reason: string) => void) => void} [stopRequests]  ways the runtime asks to stop
 *   besides SIGTERM and SIGINT (Passenger's 'exit' event)
 * @property {boolean} [migrate]  run pending migrations once the database answers (default MIGRATE_ON_START)
 * @property {Readonly<import('../src/config.ts').Config>} [config]  the configuration, when the caller already read it from `env`
 * @property {Record<string, unknown>} [logBindings]  fields on every log line (a worker's pid)
 * @property {(log: () => void) => void} [announceListening]  when to write the "listening" line, once
 *   the server listens (default: at once)
 */

/** @param {StartupFailure} failure */
export function exitWith({ code, message }) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * Configuration and runtime, or undefined after `onFailure` reported why not.
 * @param {Pick<ServeOptions, 'env' | 'inPassenger' | 'onFailure' | 'config' | 'logBindings'>} options
 * @returns {Promise<Runtime | undefined>}
 */
export async function startRuntime({ env, inPassenger = false, onFailure = exitWith, config, logBindings }) {
  try {
    const settings = config ?? configFromEnvironment(env, { inPassenger });
    const logger = logBindings ? createLogger(settings).child(logBindings) : undefined;
    // A cluster worker's /metrics answers for every worker: the primary sums them (metrics-cluster.js).
    // node:cluster is imported only then: Passenger prints a stack trace for any process that loads it.
    const inWorker = settings.metrics.enabled && !inPassenger && (await import('node:cluster')).default.isWorker;
    const metricsText = inWorker ? (await import('./metrics-cluster.js')).clusterMetricsText() : undefined;
    return await createRuntime(settings, { remoteAddress: socketAddress, logger, metricsText });
  } catch (error) {
    onFailure(describeStartupFailure(error), false);
    return undefined;
  }
}

/**
 * Serves a runtime: listens, waits for the database, stops on SIGTERM/SIGINT (and `stopRequests`).
 * @param {Runtime} runtime
 * @param {Omit<ServeOptions, 'env' | 'inPassenger' | 'config' | 'logBindings'>} [options]
 * @returns {{ server: import('node:http').Server, stop: (reason: string) => Promise<void> }}
 */
export function serveRuntime(
  runtime,
  { onFailure = exitWith, prepareServer, stopRequests, migrate, announceListening = (log) => log() } = {},
) {
  const { config, logger, orm, app, lifecycle, settle } = runtime;
  const server = createHttpServer({ app, logger });
  prepareServer?.(server);

  let stopping = false;
  /** @param {string} reason */
  const stop = async (reason) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'stop requested');
    await drain({ server, orm, logger, timeoutMs: config.shutdownTimeoutMs, settle, lifecycle });
    // The log is asynchronous: exit once its last lines are written, in order.
    logger.flush(() => process.exit(0));
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  stopRequests?.((reason) => void stop(reason));

  /** @param {unknown} error */
  const failed = (error) => logger.flush(() => onFailure(describeStartupFailure(error), true));
  server.on('error', failed);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const where = typeof address === 'string' ? `unix:${address}` : `http://${address?.address}:${address?.port}${config.basePath}`;
    announceListening(() =>
      logger.info(
        { target: config.target, database: orm.type, driver: orm.driver, pid: process.pid, basePath: config.basePath },
        `Filamenta listening on ${where}`,
      ),
    );
  });

  runtime.whenDatabaseReady({ migrate }).catch((error) => {
    if (!stopping) failed(error);
  });
  return { server, stop };
}

/**
 * `startRuntime` then `serveRuntime`.
 * @param {ServeOptions} options
 */
export async function serve(options) {
  const runtime = await startRuntime(options);
  return runtime && serveRuntime(runtime, options);
}
