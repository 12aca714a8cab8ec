// @ts-check
/**
 * `node adapters/node.js`: serves the API on HOST:PORT. Listens at once (so /health answers while
 * the database is still coming up), then waits for the database; drains on SIGTERM/SIGINT.
 */
import { configFromEnvironment, createRuntime, describeStartupFailure } from '../src/runtime.ts';
import { createHttpServer, drain, socketAddress } from './http-server.js';

/** @param {unknown} error */
function fail(error) {
  const { code, message } = describeStartupFailure(error);
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let runtime;
try {
  const config = configFromEnvironment(process.env);
  runtime = await createRuntime(config, { remoteAddress: socketAddress });
} catch (error) {
  fail(error);
}
const { config, logger, orm, app, settle, whenDatabaseReady } = /** @type {NonNullable<typeof runtime>} */ (runtime);
const server = createHttpServer({ app, logger });

let stopping = false;
/** @param {string} signal */
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'signal received');
  await drain({ server, orm, logger, timeoutMs: config.shutdownTimeoutMs, settle });
  // The log is asynchronous: exit once its last lines are written, in order.
  logger.flush(() => process.exit(0));
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

server.on('error', (error) => fail(error));
server.listen(config.port, config.host, () => {
  const address = server.address();
  const where = typeof address === 'string' ? address : `http://${address?.address}:${address?.port}${config.basePath}`;
  logger.info({ target: config.target, database: orm.type, driver: orm.driver }, `Filamenta listening on ${where}`);
});

whenDatabaseReady().catch((error) => {
  if (stopping) return;
  logger.flush(() => fail(error));
});
