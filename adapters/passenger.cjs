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

const { MINIMUM, nodeVersionProblem } = require('./node-version.cjs');
const { serveFailurePage } = require('./startup-failure-page.cjs');

/** @type {{ on(event: 'exit', listener: () => void): void } | undefined} */
const passenger = Reflect.get(globalThis, 'PhusionPassenger');

/**
 * Passenger prefixes every output line with the process id: keep a failure on one line. Under
 * Passenger a failure before the app listens leaves the process answering a 503 page that says what
 * kind of failure it is (the line in the log has the details); anything else exits.
 * @param {{ code: number, message: string }} failure
 * @param {boolean} [listenCalled]
 * @param {'node' | 'config' | 'failure'} [kind]
 */
function fail({ code, message }, listenCalled = false, kind = code === 78 ? 'config' : 'failure') {
  process.stderr.write('Filamenta could not start: ' + message.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ') + '\n');
  if (passenger && !listenCalled) serveFailurePage(kind, MINIMUM.join('.'), passenger);
  else process.exit(code);
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
  // Passenger starts a process on a visitor's request: reuse the code Node compiled last time (the
  // cache lives in os.tmpdir(), or NODE_COMPILE_CACHE).
  require('node:module').enableCompileCache?.();
  // A literal relative specifier (resolved against this file) so esbuild can bundle it too.
  const { serve } = await import('./serve.js');
  await serve({
    env: process.env,
    inPassenger: passenger !== undefined,
    onFailure: fail,
    // Passenger's forwarding headers are the only ones believed.
    prepareServer: (server) => passenger && server.prependListener('request', believeOnlyPassenger),
    // With an 'exit' listener Passenger leaves the process alive for us to drain (SIGKILL after 60 s).
    stopRequests: (stop) => passenger?.on('exit', () => stop('passenger exit')),
  });
}

const versionProblem = nodeVersionProblem();
if (versionProblem) {
  fail({ code: 78, message: versionProblem }, false, 'node');
} else {
  main().catch((error) => fail({ code: 1, message: error?.stack ?? String(error) }));
}
