/**
 * The steps of a request a profile sample is charged to. From the sample's own frame outwards, the
 * first frame a rule recognises names the step, so work a middleware asks of a library (Hono's
 * `c.header`, undici's Headers, MikroORM's fork) counts for that middleware. Hono's context and
 * request helpers and undici are looked through; a stack no rule knows counts for its package.
 */
import type { Frame } from './cpu-profile.ts';

interface Rule {
  step: string;
  test(frame: Frame, outer: Frame[]): boolean;
}

const inFile =
  (...parts: string[]) =>
  (f: Frame) =>
    parts.some((part) => f.file.includes(part));
const HONO_CONTEXT = inFile('hono/dist/context.js');
const NODE_SERVER = (f: Frame) => f.group === '@hono/node-server';
const RESPONSE_WRITE = new Set(['responseViaCache', 'responseViaResponseObject', 'buildOutgoingHttpHeaders', 'writeDefaultHeaders']);

/** In order of precedence for one frame; the innermost frame that any rule matches wins. */
const RULES: Rule[] = [
  // Ours, per middleware and step.
  { step: 'client info (src/http/proxy.ts)', test: inFile('src/http/proxy.ts', 'node_modules/proxy-addr') },
  { step: 'request id and request log (src/http/request-id.ts)', test: inFile('src/http/request-id.ts') },
  { step: 'security headers (src/http/security.ts)', test: inFile('src/http/security.ts') },
  { step: 'method-not-allowed lookup (hono/method-not-allowed)', test: inFile('hono/dist/middleware/method-not-allowed') },
  {
    step: 'EntityManager fork (the /api middleware in src/app.ts)',
    test: (f, outer) => (f.group === 'MikroORM' || f.file === 'src/db/orm.ts') && outer.some(inFile('src/app.ts')),
  },
  { step: 'src/app.ts: body-limit guard, base path', test: inFile('src/app.ts') },
  { step: 'optional bearer check (content.routes.ts)', test: (f) => f.file.includes('content.routes.ts') && /optional/.test(f.name) },
  {
    step: 'validation of the path (zod, @hono/zod-openapi, hono validator)',
    test: (f) =>
      ['zod', '@hono/zod-openapi', '@hono/zod-validator'].includes(f.group) ||
      f.file.includes('hono/dist/validator') ||
      f.file.includes('src/http/validation.ts'),
  },
  {
    step: 'query: bind and run (src/db/read.ts, the driver)',
    test: (f) => inFile('src/db/read.ts', 'src/db/sqlite.ts')(f) || ['better-sqlite3', 'pg', 'mysql2'].includes(f.group),
  },
  { step: 'row to JSON shape (content.reads.ts: toSummary, iso)', test: inFile('src/modules/content/content.reads.ts') },
  { step: 'logging (pino, src/logger.ts)', test: (f) => f.group === 'pino' || f.file.includes('src/logger.ts') },
  // Hono building the response, then @hono/node-server and node writing it.
  { step: 'JSON.stringify (c.json)', test: (f) => HONO_CONTEXT(f) && f.name === 'json' },
  { step: 'Response and its Headers (Hono #newResponse, undici)', test: (f) => HONO_CONTEXT(f) && /newResponse/.test(f.name) },
  { step: 'route handler and ETag (content.routes.ts, etag.ts)', test: inFile('src/modules/content/') },
  {
    step: 'response write (@hono/node-server, node:http, the socket)',
    test: (f) =>
      (NODE_SERVER(f) && RESPONSE_WRITE.has(f.name)) ||
      f.name === 'writeUtf8String' ||
      inFile('node:_http_outgoing', 'node:internal/stream_base_commons', 'node:net')(f),
  },
  // The yardstick's own code, when the bare server is profiled.
  { step: 'the bare server: query, mapping, JSON (bench/bare-server.mjs)', test: inFile('bench/bare-server.mjs') },
  // Hono's own work: routing, the middleware chain, the Context (its helpers are looked through above).
  {
    step: 'Hono: routing, middleware chain, Context',
    test: (f) => f.group === 'hono' && !HONO_CONTEXT(f) && !inFile('hono/dist/request.js')(f),
  },
  { step: '@hono/node-server: the request and its dispatch', test: NODE_SERVER },
  {
    step: 'node:http: parsing, keep-alive, events',
    test: inFile('node:_http_common', 'node:_http_server', 'node:_http_incoming', 'node:events', 'node:internal/streams'),
  },
];

export const STEPS = {
  classify(stack: Frame[]): string {
    for (let i = 0; i < stack.length; i++) {
      const outer = stack.slice(i + 1);
      for (const rule of RULES) if (rule.test(stack[i], outer)) return rule.step;
    }
    const known = stack.find((f) => f.file);
    return `other: ${known ? known.group : 'V8'}`;
  },
  special(name: string): string {
    return name === '(garbage collector)' ? 'garbage collection' : `V8 ${name}`;
  },
};
