// @ts-check
/**
 * `node adapters/node.js`: serves the API on HOST:PORT. Listens at once (so /health answers while
 * the database is still coming up), then waits for the database; drains on SIGTERM/SIGINT. The
 * sequence lives in serve.js.
 */
import { serve } from './serve.js';

await serve({ env: process.env });
