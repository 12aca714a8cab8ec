import type { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * The methods the app's routes answer on a path (GET implies HEAD), for the 405 and OPTIONS answers
 * of the not-found handler. Looked up only when no route matched, so a request that reaches its
 * route pays nothing; the lookup table is built from `app.routes` on the first miss, once every
 * route is mounted. The same table and order as Hono's `methodNotAllowed` middleware, which ran
 * around every request.
 */
export function allowedMethods(app: Pick<Hono, 'routes'>): (path: string) => string[] {
  let router: TrieRouter<string[]> | undefined;
  const build = () => {
    const byPath = new Map<string, Set<string>>();
    for (const route of app.routes) {
      if (route.method === 'ALL' || route.method === 'HEAD') continue;
      const methods = byPath.get(route.path) ?? new Set<string>();
      methods.add(route.method);
      if (route.method === 'GET') methods.add('HEAD');
      byPath.set(route.path, methods);
    }
    const table = new TrieRouter<string[]>();
    for (const [path, methods] of byPath) table.add('ALL', path, [...methods]);
    return table;
  };
  return (path) => {
    router ??= build();
    const allowed = new Set<string>();
    for (const [methods] of router.match('ALL', path)[0]) for (const method of methods) allowed.add(method);
    return [...allowed];
  };
}
