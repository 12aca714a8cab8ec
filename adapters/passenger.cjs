// @ts-check
/**
 * The startup file for Phusion Passenger (cPanel's "Setup Node.js App", Plesk) and LiteSpeed's
 * lsnode.js. Passenger `require()`s it, so it is CommonJS and `import()`s the ESM app.
 *
 * Passenger takes over the first `listen()` (a unix socket; the port is ignored), sets
 * PASSENGER_BASE_URI for a sub-URI app (the base path falls back to it) and sends the client address
 * in X-Forwarded-For (TRUST_PROXY defaults to loopback here). It never reads `.env`: the runtime does,
 * under the real environment. It stops the app by closing stdin and emitting 'exit' on the global
 * `PhusionPassenger`; LiteSpeed sends SIGTERM/SIGINT. Never fork: Passenger runs more processes itself.
 */
'use strict';

// Passenger starts a process on a visitor's request: reuse the code Node compiled last time (the
// cache lives in os.tmpdir(), or NODE_COMPILE_CACHE).
require('node:module').enableCompileCache?.();

/** Passenger prefixes every output line with the process id: keep a failure on one line. */
function fail(/** @type {{ code: number, message: string }} */ { code, message }) {
  process.stderr.write(`Filamenta could not start: ${message.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ')}\n`);
  process.exit(code);
}

/** Forwarding headers Apache and Passenger never set themselves: only a visitor could have sent them. */
const VISITOR_ONLY = new Set(['x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-prefix']);

/**
 * Passenger hands a visitor's own headers to the app and adds X-Forwarded-Proto only for HTTPS, so a
 * visitor on plain HTTP could claim https (skipping FORCE_HTTPS) or pick the redirect's host. The
 * scheme is taken from Passenger's secure header `!~Passenger-Proto` instead (Passenger drops any
 * `!~` header a client sends), and the visitor's X-Forwarded-Proto/-Host/-Prefix are removed before
 * the app reads the request. X-Forwarded-For stays: Passenger appends the real address to it.
 * @param {import('node:http').IncomingMessage} req
 */
function believeOnlyPassenger(req) {
  const raw = req.rawHeaders;
  const kept = [];
  let proto = 'http';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === '!~passenger-proto' && raw[i + 1].trim().toLowerCase() === 'https') proto = 'https';
    if (!VISITOR_ONLY.has(name)) kept.push(raw[i], raw[i + 1]);
  }
  kept.push('X-Forwarded-Proto', proto);
  raw.splice(0, raw.length, ...kept);
  for (const name of VISITOR_ONLY) delete req.headers[name];
  req.headers['x-forwarded-proto'] = proto;
}

async function main() {
  // Literal relative specifiers (resolved against this file) so esbuild can bundle them too.
  const [{ configFromEnvironment, createRuntime, describeStartupFailure }, { createHttpServer, drain, socketAddress }] = await Promise.all([
    import('../src/runtime.ts'),
    import('./http-server.js'),
  ]);
  /** @param {unknown} error */
  const failed = (error) => fail(describeStartupFailure(error));
  /** @type {{ on(event: 'exit', listener: () => void): void } | undefined} */
  const passenger = Reflect.get(globalThis, 'PhusionPassenger');

  let runtime;
  try {
    const config = configFromEnvironment(process.env, { inPassenger: passenger !== undefined });
    runtime = await createRuntime(config, { remoteAddress: socketAddress });
  } catch (error) {
    return failed(error);
  }
  const { config, logger, orm, app, settle, whenDatabaseReady } = runtime;
  const server = createHttpServer({ app, logger });
  if (passenger) server.prependListener('request', believeOnlyPassenger);

  let stopping = false;
  /** @param {string} reason */
  const shutdown = async (reason) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'stop requested');
    await drain({ server, orm, logger, timeoutMs: config.shutdownTimeoutMs, settle });
    // Wait for the asynchronous log writes: exiting at once can reorder or lose the last lines.
    logger.flush(() => process.exit(0));
  };
  // With an 'exit' listener Passenger leaves the process alive for us to drain (SIGKILL after 60 s).
  passenger?.on('exit', () => void shutdown('passenger exit'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Listen before waiting for the database: Passenger holds the first request until we listen.
  server.on('error', failed);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const where = typeof address === 'string' ? `unix:${address}` : `http://${address?.address}:${address?.port}`;
    logger.info(
      { target: config.target, database: orm.type, driver: orm.driver, pid: process.pid, basePath: config.basePath },
      `Filamenta listening on ${where}`,
    );
  });

  whenDatabaseReady().catch((error) => {
    if (stopping) return;
    logger.flush();
    failed(error);
  });
}

main().catch((error) => {
  process.stderr.write(`Filamenta could not start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
