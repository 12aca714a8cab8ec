// @ts-check
/**
 * `node adapters/node.js`: serves the API on HOST:PORT. Listens at once (so /health answers while
 * the database is still coming up), then waits for the database; drains on SIGTERM/SIGINT. The
 * sequence lives in serve.js, the WEB_CONCURRENCY processes in cluster.js; the Node version is
 * checked before any of it is loaded.
 */
import { requireSupportedNode } from './node-version.cjs';

requireSupportedNode();
const { serveOnEveryCore } = await import('./cluster.js');
await serveOnEveryCore({ env: process.env });
