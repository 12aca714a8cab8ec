// @ts-check
/**
 * `node adapters/node.js`: serves the API on HOST:PORT. Listens at once (so /health answers while
 * the database is still coming up), then waits for the database; drains on SIGTERM/SIGINT. The
 * sequence lives in serve.js; the Node version is checked before any of it is loaded.
 */
import { requireSupportedNode } from './node-version.cjs';

requireSupportedNode();
const { serve } = await import('./serve.js');
await serve({ env: process.env });
