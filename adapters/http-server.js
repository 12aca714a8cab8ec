// @ts-check
/**
 * The Node HTTP server shared by the node, container and Passenger adapters: deliberate timeouts,
 * the client address from the socket, answers to what Node rejects before the app sees it, a clean
 * close after an early answer, and a graceful drain on shutdown.
 */
import { randomUUID } from 'node:crypto';
import { Server as NetServer } from 'node:net';

import { createAdaptorServer } from '@hono/node-server';

import { SECURITY_HEADERS } from '../src/http/security.ts';

/** Slowloris guard, and a keep-alive longer than a typical proxy's (nginx: 60 s upstream). */
export const SERVER_TIMEOUTS = { headersTimeoutMs: 15_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000 };

/** The request line and headers together: larger is 431 (Node's default, set here so a flag cannot change it). */
export const MAX_HEADER_BYTES = 16 * 1024;

/** How long a connection closed after an early answer keeps reading (and dropping) what the client still sends. */
const LINGER_MS = 5000;

/** What Node refuses before the app sees the request, answered as the app answers its own errors. */
/** @type {Record<string, [number, string, string]>} */
const CLIENT_ERRORS = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', `The request line and headers are larger than ${MAX_HEADER_BYTES} bytes`],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time'],
};
/** @type {[number, string, string]} */
const MALFORMED = [400, 'Bad Request', 'The request is not valid HTTP/1.1'];

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
 * @typedef {object} ServerWork
 * @property {() => number} running  requests whose handler has not returned (its socket may be gone)
 * @property {() => number} started  requests started so far
 * @property {() => Promise<void>} idle  resolves when `running()` is 0
 * @property {() => void} beginDrain  from now on every response says `Connection: close`
 */

/** @type {WeakMap<import('node:http').Server, ServerWork>} */
const serverWork = new WeakMap();

/**
 * @param {{ app: import('../src/app.ts').App, logger: import('../src/logger.ts').Logger }} deps
 * @returns {import('node:http').Server}
 */
export function createHttpServer({ app, logger }) {
  let running = 0;
  let started = 0;
  let draining = false;
  /** @type {Set<() => void>} */
  const waiting = new Set();
  /** @param {unknown} env @hono/node-server's bindings: { incoming, outgoing } */
  const finished = (env) => {
    running--;
    const { incoming, outgoing } =
      /** @type {{ incoming?: import('node:http').IncomingMessage, outgoing?: import('node:http').ServerResponse }} */ (env ?? {});
    // An answer given before the body arrived (413, a refusal that reads no body) ends the connection,
    // which then lingers: closing with the body still arriving would reset it, answer included.
    const early = incoming !== undefined && !incoming.complete;
    if (early) lingerOnClose(incoming);
    // Set as the handler returns, before the head is written: the client sends nothing more on this socket.
    if ((draining || early) && outgoing && !outgoing.headersSent) outgoing.setHeader('Connection', 'close');
    if (running === 0) for (const resolve of waiting) resolve();
  };
  /** @type {typeof app.fetch} */
  const fetch = (request, env, ctx) => {
    running++;
    started++;
    let result;
    try {
      result = app.fetch(request, env, ctx);
    } catch (error) {
      finished(env);
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => finished(env));
    finished(env);
    return result;
  };
  const server = /** @type {import('node:http').Server} */ (
    createAdaptorServer({
      fetch,
      // HTTP/1.0 does not require Host (HAProxy's default health check sends none); HTTP/1.1 without one is Node's 400.
      hostname: 'localhost',
      serverOptions: {
        headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
        requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
        keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
        maxHeaderSize: MAX_HEADER_BYTES,
      },
    })
  );
  server.on('clientError', (error, duplex) => {
    const socket = /** @type {import('node:net').Socket} */ (duplex);
    const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? '';
    if (code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const [status, title, detail] = CLIENT_ERRORS[code] ?? MALFORMED;
    const requestId = randomUUID();
    logger.debug({ err: error, requestId, status }, 'client error');
    socket.write(problemResponse(status, title, detail, requestId));
    linger(socket);
  });
  serverWork.set(server, {
    running: () => running,
    started: () => started,
    idle: () =>
      running === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = () => {
              waiting.delete(done);
              resolve();
            };
            waiting.add(done);
          }),
    beginDrain: () => {
      draining = true;
    },
  });
  return server;
}

/**
 * A problem+json answer written straight to the socket, with the headers every answer of the app
 * carries, for the requests Node refuses before the app sees them.
 * @param {number} status
 * @param {string} title
 * @param {string} detail
 * @param {string} requestId
 */
function problemResponse(status, title, detail, requestId) {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, requestId });
  const headers = [
    ['Content-Type', 'application/problem+json'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Connection', 'close'],
    ['X-Request-Id', requestId],
    ...SECURITY_HEADERS,
  ];
  return `HTTP/1.1 ${status} ${title}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`;
}

/**
 * Node ends a `Connection: close` answer with `socket.destroySoon()`; for a request whose body is
 * still arriving that becomes a lingering close instead.
 * @param {import('node:http').IncomingMessage} incoming
 */
function lingerOnClose(incoming) {
  const socket = incoming.socket;
  socket.destroySoon = () => {
    // The app is done with the request: drop the rest of its body, whoever was reading it.
    incoming.removeAllListeners('data');
    incoming.resume();
    linger(socket);
  };
}

/**
 * The answer is sent: say so with a FIN, keep reading and dropping what the client still sends, and
 * close when it closes its side or after LINGER_MS. A close with unread bytes would send a reset,
 * and a reset can throw away the answer before the client has read it.
 * @param {import('node:net').Socket} socket
 */
function linger(socket) {
  if (socket.destroyed) return;
  socket.end();
  socket.on('data', () => undefined);
  socket.resume();
  socket.once('end', () => socket.destroy());
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * Requests sent just before a stop can still be on their way in: on a loaded machine even loopback
 * packets lag, so a connection the client sees as open may not be accepted yet (closing the listener
 * resets it), and a request the client wrote may not be read yet (`closeIdleConnections()` counts
 * its connection as idle). The drain takes each of those steps only after a quiet moment (this long,
 * then two turns of the event loop: accept, then read) in which nothing new arrived.
 */
const QUIET_MS = 250;
/** The listener stays open at most this long (or a quarter of SHUTDOWN_TIMEOUT_MS) while connections keep arriving. */
const ACCEPT_AT_MOST_MS = 1000;

/**
 * The graceful stop, in order: readiness answers 503 and every response from now on says
 * `Connection: close`; once no connection arrived for a quiet moment the listener closes; requests
 * in progress, and those that arrive on connections already open, are answered; once no request
 * ran or started for a quiet moment, idle connections are closed; when the last socket is gone and
 * the last handler returned (or at `timeoutMs`, when what remains is cut), the work the app runs
 * after its answers (`settle`: mail being sent) is waited for within the same deadline, and only
 * then the ORM closes.
 * @param {{ server: import('node:http').Server, orm: import('../src/db/orm.ts').Orm, logger: import('../src/logger.ts').Logger, timeoutMs: number, settle?: () => Promise<void>, lifecycle?: import('../src/http/draining.ts').Lifecycle }} deps
 * @returns {Promise<{ forced: boolean }>}
 */
export async function drain({ server, orm, logger, timeoutMs, settle, lifecycle }) {
  logger.info({ timeoutMs }, 'shutting down: draining in-flight requests');
  const work = serverWork.get(server) ?? IDLE_WORK;
  lifecycle?.beginDrain();
  work.beginDrain();
  let forced = false;
  /** @type {Promise<void>} */
  const deadline = new Promise((resolve) =>
    setTimeout(() => {
      forced = true;
      resolve();
    }, timeoutMs).unref(),
  );
  /** @param {Promise<unknown>} step */
  const untilDeadline = (step) => Promise.race([step, deadline]);
  const quietMs = Math.min(QUIET_MS, timeoutMs / 8);
  /** @param {() => unknown} snapshot what must not change during the moment */
  const quietMoment = async (snapshot) => {
    const before = snapshot();
    await untilDeadline(pause(quietMs));
    return !forced && snapshot() === before;
  };
  /** @type {Promise<void>} */
  const closed = new Promise((resolve) => server.once('close', () => resolve()));

  let accepted = 0;
  const countConnection = () => accepted++;
  server.on('connection', countConnection);
  const acceptUntil = performance.now() + Math.min(ACCEPT_AT_MOST_MS, timeoutMs / 4);
  while (!(await quietMoment(() => accepted)) && !forced && performance.now() < acceptUntil);
  server.off('connection', countConnection);
  // Stops accepting only: http.Server#close would also close the connections it counts as idle.
  NetServer.prototype.close.call(server);

  while (!forced) {
    await untilDeadline(work.idle());
    if (!(await quietMoment(() => work.started())) || work.running() > 0) continue;
    server.closeIdleConnections();
    // What is left has a request in progress: it is answered with Connection: close, then closed.
    await untilDeadline(Promise.all([closed, work.idle()]));
    break;
  }
  if (forced) {
    logger.warn({ running: work.running() }, 'shutdown timeout reached: closing remaining connections');
    server.closeAllConnections();
  }
  if (settle && !forced) {
    await untilDeadline(settle());
    if (forced) logger.warn('shutdown timeout reached while mail was still being sent');
  }
  await orm.close().catch((error) => logger.warn({ err: error }, 'closing the database pool failed'));
  logger.info({ forced }, 'shutdown complete');
  return { forced };
}

/** @type {ServerWork} A server not made by createHttpServer: nothing tracked. */
const IDLE_WORK = { running: () => 0, started: () => 0, idle: () => Promise.resolve(), beginDrain: () => undefined };

/**
 * `ms`, then two turns of the event loop.
 * @param {number} ms
 */
async function pause(ms) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}
