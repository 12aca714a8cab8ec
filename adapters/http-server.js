// @ts-check
/**
 * The Node HTTP server shared by the node, container and Passenger adapters: deliberate timeouts,
 * the client address from the socket, and a graceful drain on shutdown.
 */
import { createAdaptorServer } from '@hono/node-server';

/** Slowloris guard, and a keep-alive longer than a typical proxy's (nginx: 60 s upstream). */
export const SERVER_TIMEOUTS = { headersTimeoutMs: 15_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000 };

/** @param {import('hono').Context} c */
export function socketAddress(c) {
  /** @type {import('node:http').IncomingMessage | undefined} */
  const incoming = c.env?.incoming;
  const socket = incoming?.socket;
  if (!socket) return undefined;
  // A unix socket (Passenger) has no peer address: the peer is the local web server.
  return socket.remoteAddress ?? (socket.localAddress === undefined ? '127.0.0.1' : undefined);
}

/**
 * @param {{ app: import('../src/app.ts').App, logger: import('../src/logger.ts').Logger }} deps
 * @returns {import('node:http').Server}
 */
export function createHttpServer({ app, logger }) {
  const server = /** @type {import('node:http').Server} */ (
    createAdaptorServer({
      fetch: app.fetch,
      serverOptions: {
        headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
        requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
        keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
      },
    })
  );
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'client error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  return server;
}

/**
 * Stops accepting, lets in-flight requests finish within `timeoutMs`, closes idle keep-alive
 * sockets at once and the rest at the deadline, waits (within the same deadline) for the work the
 * app runs after its answers (`settle`: mail being sent), then closes the ORM.
 * @param {{ server: import('node:http').Server, orm: import('../src/db/orm.ts').Orm, logger: import('../src/logger.ts').Logger, timeoutMs: number, settle?: () => Promise<void> }} deps
 * @returns {Promise<{ forced: boolean }>}
 */
export async function drain({ server, orm, logger, timeoutMs, settle }) {
  logger.info({ timeoutMs }, 'shutting down: draining in-flight requests');
  let forced = false;
  const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 250);
  const deadline = new Promise((resolve) =>
    setTimeout(() => {
      forced = true;
      resolve(undefined);
    }, timeoutMs).unref(),
  );
  await Promise.race([closed, deadline]);
  clearInterval(idleSweep);
  if (forced) {
    logger.warn('shutdown timeout reached: closing remaining connections');
    server.closeAllConnections();
  }
  if (settle && !forced) {
    await Promise.race([settle(), deadline]);
    if (forced) logger.warn('shutdown timeout reached while mail was still being sent');
  }
  await orm.close().catch((error) => logger.warn({ err: error }, 'closing the database pool failed'));
  logger.info({ forced }, 'shutdown complete');
  return { forced };
}
