/**
 * The one middleware metrics and traces add, first in the chain and only when either is on: it
 * times each request to its answer, runs it inside the tracer's server span, and names it by its
 * route template.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

import type { Metrics } from '../observability/metrics.ts';
import type { Tracing } from '../observability/tracing.ts';
import type { AppEnv } from './types.ts';

/** The route label of a request no route handler matched (404, 405): never its raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

const templates = new Map<string, string>();

/**
 * The template of the route that handles `c` (`/api/v1/content/{idOrSlug}`, in the OpenAPI
 * document's form, without BASE_PATH), or `unmatched`. Middleware is registered for every method;
 * the first route on one method is the handler.
 */
function routeTemplate(c: Context<AppEnv>): string {
  const handler = matchedRoutes(c).find((route) => route.method !== 'ALL');
  if (!handler) return UNMATCHED_ROUTE;
  let template = templates.get(handler.path);
  if (template === undefined) {
    // Hono's `:name` and `:name{pattern}` as OpenAPI's `{name}`.
    template = handler.path.replace(/:(\w+)(\{[^/]*\})?/g, '{$1}');
    templates.set(handler.path, template);
  }
  return template;
}

/** The middleware for `metrics` and `tracing`; undefined when neither is on, so nothing runs. */
export function observeRequests({ metrics, tracing }: { metrics?: Metrics; tracing?: Tracing }): MiddlewareHandler<AppEnv> | undefined {
  if (!metrics && !tracing) return undefined;
  return async (c, next) => {
    const started = performance.now();
    await (tracing ? tracing.request(c, next, () => routeTemplate(c)) : next());
    metrics?.observeRequest(c.req.method, routeTemplate(c), c.res.status, (performance.now() - started) / 1000);
  };
}
