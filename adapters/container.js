// @ts-check
/**
 * The container image's entrypoint (`node dist/container.mjs`, or `node adapters/container.js`).
 *
 * A container runs the Node adapter's sequence unchanged (serve.js): it validates the configuration
 * (exit 78), listens on HOST:PORT at once, so /health answers while the database is still starting
 * (an orchestrator sees a live process and /health/ready answers 503 until the database is there),
 * then waits for the database with backoff for DB_CONNECT_TIMEOUT_MS (exit 69 when it never comes),
 * runs pending migrations when MIGRATE_ON_START is on, and drains on SIGTERM (exit 0). With
 * WEB_CONCURRENCY above 1 a primary migrates once and forks that many workers (cluster.js).
 *
 * What a container adds is its defaults: the container pool and timeouts (DEPLOYMENT_TARGET) and
 * every interface (HOST), since a port published from a container reaches it on its own network
 * interface, never on its loopback. The image sets both as ENV; these cover `node
 * adapters/container.js` run elsewhere. A value from the environment or `.env` always wins.
 */
import { requireSupportedNode } from './node-version.cjs';

const CONTAINER_DEFAULTS = { DEPLOYMENT_TARGET: 'container', HOST: '0.0.0.0' };

requireSupportedNode();
const [{ readEnvSource }, { serveOnEveryCore }] = await Promise.all([import('../src/runtime.ts'), import('./cluster.js')]);
const configured = readEnvSource(process.env);
const defaults = Object.fromEntries(Object.entries(CONTAINER_DEFAULTS).filter(([name]) => !configured[name]));
await serveOnEveryCore({ env: { ...process.env, ...defaults } });
