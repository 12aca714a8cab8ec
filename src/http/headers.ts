/**
 * One request header, read without building a `Request`. Under @hono/node-server a request's
 * `Headers` (and the whole undici `Request` behind `c.req.raw`) are made on first access, which
 * costs a public read about as much as its query on SQLite; Node has already parsed the headers
 * into a plain object on the `IncomingMessage` the adapter passes as `c.env.incoming`. Elsewhere
 * (Lambda, `app.request()` in tests) the `Request` exists anyway: its header is read.
 */
import type { IncomingMessage } from 'node:http';

import type { Context } from 'hono';

export function requestHeader(c: Context, name: Lowercase<string>): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming?.headers) return c.req.header(name);
  const value = incoming.headers[name];
  // Node joins repeated list headers itself and keeps the first of the others (Authorization among them).
  return Array.isArray(value) ? value.join(', ') : value;
}
