// @ts-check
/**
 * Every core: with WEB_CONCURRENCY above 1, node.js and container.js run a primary (node:cluster)
 * that waits for the database and runs the pending migrations once (MIGRATE_ON_START), then forks
 * that many workers. Each worker is the single-process server of serve.js (it never migrates); the
 * workers share the port, the primary handing out the connections in turn.
 *
 * - A worker that crashes after it listened is replaced, after 0.1 s, 0.2 s, 0.4 s... (at most 5 s)
 *   as crashes accumulate; 5 crashes within a minute stop the primary with one line on stderr, exit 1.
 * - A worker that cannot start (invalid configuration, a database that never answers) reports its
 *   failure to the primary, which prints it once and exits with its code (78, 69...) rather than
 *   forking it again; a worker that dies before it listened stops the primary the same way.
 * - SIGTERM/SIGINT to the primary is passed to every worker, which drains (serve.js); the primary
 *   exits 0 once all have exited 0.
 *
 * With WEB_CONCURRENCY=1 (the default) none of this runs: serve.js serves in this process.
 * Passenger and Lambda manage their processes themselves; the configuration ignores
 * WEB_CONCURRENCY there, with a warning.
 */
import { availableParallelism } from 'node:os';

import { createOrm } from '../src/db/orm.ts';
import { createLogger } from '../src/logger.ts';
import { configFromEnvironment, describeStartupFailure, EXIT_CODES, prepareDatabase } from '../src/runtime.ts';
import { exitWith, serve } from './serve.js';

/** Crashes within CRASH_WINDOW_MS that stop the primary. */
const CRASH_LIMIT = 5;
const CRASH_WINDOW_MS = 60_000;
const FIRST_RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 5000;
/** Beyond SHUTDOWN_TIMEOUT_MS, how long the primary waits for a draining worker before killing it. */
const EXIT_GRACE_MS = 5000;
/** The message a worker sends instead of printing its start-up failure. */
const STARTUP_FAILURE = 'filamenta:startup-failure';
/** The message a worker sends after listening, so that its "listening" line follows the primary's news of it. */
const LISTENING = 'filamenta:listening';

/**
 * Serves on WEB_CONCURRENCY processes: serve.js in this one, or a primary and its workers.
 * @param {import('./serve.js').ServeOptions} options
 */
export async function serveOnEveryCore(options) {
  const { onFailure = exitWith } = options;
  let config;
  try {
    config = configFromEnvironment(options.env, { inPassenger: options.inPassenger });
  } catch (error) {
    onFailure(describeStartupFailure(error), false);
    return;
  }
  if (config.webConcurrency <= 1) return serve({ ...options, config });
  const { default: cluster } = await import('node:cluster');
  if (cluster.isWorker) {
    const id = cluster.worker?.id;
    return serve({
      ...options,
      config,
      migrate: false,
      onFailure: reportToPrimary,
      logBindings: { worker: id },
      announceListening: afterPrimaryKnows,
    });
  }
  return runPrimary(cluster, config, options.env);
}

/**
 * A worker says it listens once the primary was told: node:cluster's own 'listening' message is
 * written on the IPC channel right after the server's listen callback, so a message sent on the next
 * turn and written (its callback) comes after it. Whoever reads the line and then stops the worker
 * (a supervisor, a test) finds the primary counting it as started, not as a worker that never listened.
 * @param {() => void} log
 */
function afterPrimaryKnows(log) {
  if (!process.send) return log();
  const send = process.send.bind(process);
  setImmediate(() => send({ type: LISTENING }, () => log()));
}

/**
 * A worker's start-up failure goes to the primary, which prints it once for all of them.
 * @param {import('./serve.js').StartupFailure} failure
 */
function reportToPrimary(failure) {
  if (!process.send) return exitWith(failure);
  process.send({ type: STARTUP_FAILURE, failure }, () => process.exit(failure.code));
}

/**
 * @param {import('node:cluster').Cluster} cluster
 * @param {Readonly<import('../src/config.ts').Config>} config
 * @param {Readonly<Record<string, string | undefined>>} env  what the workers run with (the container defaults included)
 */
async function runPrimary(cluster, config, env) {
  const logger = createLogger(config).child({ role: 'primary', pid: process.pid });
  for (const warning of config.warnings) logger.warn(warning);
  /** @type {Map<number, { worker: import('node:cluster').Worker, listening: boolean }>} */
  const workers = new Map();
  /** @type {Set<NodeJS.Timeout>} */
  const restarts = new Set();
  /** @type {number[]} */
  const crashes = [];
  /** @type {{ code: number } | undefined} */
  let stopping;
  /** @type {import('../src/db/orm.ts').Orm | undefined} */
  let orm;

  const finish = () => logger.flush(() => process.exit(stopping?.code ?? 0));

  /** @param {number} code */
  const stopAll = (code) => {
    if (stopping) return;
    stopping = { code };
    for (const timer of restarts) clearTimeout(timer);
    if (workers.size === 0) {
      // Still preparing the database: nothing is served yet.
      void (orm?.close() ?? Promise.resolve()).catch(() => undefined).finally(finish);
      return;
    }
    for (const { worker } of workers.values()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.warn({ workers: [...workers.values()].map(({ worker }) => worker.process.pid) }, 'workers still draining; killing them');
      for (const { worker } of workers.values()) worker.process.kill('SIGKILL');
      stopping = { code: EXIT_CODES.failure };
    }, config.shutdownTimeoutMs + EXIT_GRACE_MS).unref();
  };

  /**
   * One line on stderr, then every worker drains and the primary exits with `failure.code`.
   * @param {import('./serve.js').StartupFailure} failure
   */
  const fatal = (failure) => {
    if (stopping) return;
    process.stderr.write(`${failure.message}\n`);
    stopAll(failure.code);
  };

  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    logger.info({ signal, workers: workers.size }, 'stop requested: draining every worker');
    stopAll(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  // Without SECRET_KEY (development) each process would make its own: the workers share the primary's,
  // so that a token one of them signed is good on every other.
  const workerEnv = config.secretKeyGenerated ? { ...env, SECRET_KEY: config.secretKey, SECRET_KEY_FILE: '' } : env;
  const fork = () => {
    const worker = cluster.fork(workerEnv);
    workers.set(worker.id, { worker, listening: false });
  };

  cluster.on('listening', (worker) => {
    const entry = workers.get(worker.id);
    if (entry) entry.listening = true;
  });
  cluster.on('message', (_worker, message) => {
    if (message?.type === STARTUP_FAILURE) fatal(message.failure);
  });
  cluster.on('exit', (worker, code, signal) => {
    const entry = workers.get(worker.id);
    workers.delete(worker.id);
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (stopping) {
      if (code !== 0 && stopping.code === 0) stopping = { code: EXIT_CODES.failure };
      if (workers.size === 0) finish();
      return;
    }
    if (!entry?.listening) {
      // Its own report of why, if it sent one, arrives on the channel just before its exit.
      setTimeout(
        () =>
          fatal({
            code: code || EXIT_CODES.failure,
            message: `A worker (pid ${worker.process.pid}) stopped before it listened (${how}): see its log above`,
          }),
        100,
      );
      return;
    }
    if (code === 0 && !signal) {
      // Stopped on purpose (a SIGTERM to that worker alone): a fresh one takes its place.
      logger.info({ workerPid: worker.process.pid }, 'a worker stopped; starting another');
      fork();
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= CRASH_LIMIT) {
      fatal({
        code: EXIT_CODES.failure,
        message: `Filamenta stopped: ${crashes.length} workers crashed within ${CRASH_WINDOW_MS / 1000} s (the last ${how}); see the log above`,
      });
      return;
    }
    const delayMs = Math.min(FIRST_RESTART_DELAY_MS * 2 ** (crashes.length - 1), MAX_RESTART_DELAY_MS);
    logger.error({ workerPid: worker.process.pid, code, signal, restartInMs: delayMs }, `a worker crashed (${how}); starting another`);
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    restarts.add(timer);
  });

  try {
    if (config.migrateOnStart) {
      // Once, here, so that the workers never race each other's migrations.
      orm = await createOrm(config, { logger, connect: false });
      await prepareDatabase(orm, config, logger, { migrate: true });
      await orm.close();
      orm = undefined;
    }
  } catch (error) {
    if (!stopping) fatal(describeStartupFailure(error));
    return;
  }
  if (stopping) return;
  logger.info(
    { workers: config.webConcurrency, cores: availableParallelism(), migrated: config.migrateOnStart },
    `starting ${config.webConcurrency} worker processes`,
  );
  // Each worker's /metrics asks the primary, which sums every worker's registry (loaded only with metrics on).
  if (config.metrics.enabled) (await import('./metrics-cluster.js')).answerMetricsRequests(cluster);
  for (let i = 0; i < config.webConcurrency; i++) fork();
}
