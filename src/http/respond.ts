/**
 * Responses whose headers stay a plain object from the handler to the socket.
 *
 * Hono keeps the headers a middleware sets with `c.header()` in a `Headers` object, and turns any
 * response with more than one header into one; `@hono/node-server` then copies that `Headers` back
 * into an object (sorted) before `writeHead`. A response made with a plain object instead takes
 * node-server's direct path: no `Headers`, no copy. Every response of the API carries at least the
 * security headers and the request id, so every response paid for that round trip.
 *
 * Here the request's own headers (the request id, the security headers, a rate limit's state) live
 * in one plain object per request, which `json()` and `empty()` spread into the response they make.
 * The busy routes (public reads, creation, probes) answer with them. Responses made any other way
 * (Hono's `c.json()`, problems, the console's files, CORS preflights) get the same headers at the end
 * of the request, from `finishHeaders()`, without overriding a header the response already names
 * (the console's own CSP).
 *
 * The rules that keep this right: a middleware that adds a header to every response of a request
 * calls `addHeader()`, never `c.header()` before `next()`; a handler that calls `c.header()` answers
 * through Hono (`c.json()`), not `json()`, which would drop it.
 */
import type { TypedResponse } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import type { InvalidJSONValue, JSONParsed, JSONValue } from 'hono/utils/types';

/** Responses made here: they already hold the request's headers. */
const COMPLETE = new WeakSet<Response>();

type Headers_ = Record<string, string>;
/** What these helpers use of a context, whatever the router's variables. */
interface HeaderContext {
  get(key: 'headers'): Headers_ | undefined;
  set(key: 'headers', value: Headers_): void;
}
/** The response side of a context, for `finishHeaders`. */
type Finished = HeaderContext & { readonly res: Response };

/** Adds a header to every response of this request; `append` joins a second value with a comma (RFC 9110 lists). */
export function addHeader(c: HeaderContext, name: string, value: string, append = false): void {
  let headers = c.get('headers');
  if (!headers) c.set('headers', (headers = {}));
  headers[name] = append && headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
}

/** `c.json()` with the request's headers, `extra` over them, as one plain object. */
export function json<T extends JSONValue | object | InvalidJSONValue, S extends ContentfulStatusCode>(
  c: HeaderContext,
  value: T,
  status: S,
  extra?: Headers_,
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  return complete(
    new Response(JSON.stringify(value), {
      status,
      headers: { ...c.get('headers'), ...extra, 'Content-Type': extra?.['Content-Type'] ?? 'application/json' },
    }),
  ) as Response & TypedResponse<JSONParsed<T>, S, 'json'>;
}

/** A response without a body (204, 304), with the request's headers. */
export function empty<S extends StatusCode>(c: HeaderContext, status: S, extra?: Headers_): Response & TypedResponse<null, S, 'body'> {
  return complete(new Response(null, { status, headers: { ...c.get('headers'), ...extra } })) as Response & TypedResponse<null, S, 'body'>;
}

function complete(response: Response): Response {
  COMPLETE.add(response);
  return response;
}

/**
 * Called once the response exists: gives a response made elsewhere the request's headers it lacks.
 * A response made by `json()`, `empty()` or `problem()` already has them and is left untouched.
 */
export function finishHeaders(c: Finished): void {
  const response = c.res;
  if (COMPLETE.has(response)) return;
  const own = c.get('headers');
  if (!own) return;
  const headers = response.headers;
  for (const name in own) if (!headers.has(name)) headers.set(name, own[name]);
}
