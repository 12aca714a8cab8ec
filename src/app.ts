/**
 * `createApp(deps)`: the runtime-agnostic core. It never reads the environment, listens or exits;
 * adapters give it the ORM, the services built on it (`createServices`) and a logger, and serve
 * `app.fetch`.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { getPath } from 'hono/utils/url';

import type { Orm } from './db/orm.ts';
import { consoleRoutes } from './http/console.ts';
import { docsRoutes } from './http/docs.ts';
import type { Lifecycle } from './http/draining.ts';
import { createFailures } from './http/failures.ts';
import { lazy } from './http/lazy.ts';
import { allowedMethods } from './http/methods.ts';
import { metricsEndpoint } from './http/metrics.ts';
import { observeRequests } from './http/observe.ts';
import { mountOpenApi } from './http/openapi.ts';
import { type LoadMonitor, overloadRefusal } from './http/overload.ts';
import { problem, ProblemError } from './http/problem.ts';
import { clientInfo, publicPath, type RemoteAddressFn } from './http/proxy.ts';
import { requestContext } from './http/request-id.ts';
import { httpsRedirect } from './http/security.ts';
import type { AppEnv } from './http/types.ts';
import { createRouter } from './http/validation.ts';
import type { Logger } from './logger.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { contactRoutes } from './modules/contact/contact.routes.ts';
import { contentRoutes } from './modules/content/content.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { mailRoutes } from './modules/mail/mail.routes.ts';
import { publicConfigRoutes, settingsRoutes } from './modules/settings/settings.routes.ts';
import { setupRoutes } from './modules/setup/setup.routes.ts';
import { statsRoutes } from './modules/stats/stats.routes.ts';
import { APP_NAME, APP_VERSION, systemRoutes } from './modules/system/system.routes.ts';
import { meRoutes } from './modules/users/me.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import type { Services } from './services.ts';

export interface AppDeps {
  orm: Orm;
  /** Every service, built once from the configuration and the ORM (`createServices`). */
  services: Services;
  logger: Logger;
  /** The socket peer's address; adapters know it, the core does not. */
  remoteAddress?: RemoteAddressFn;
  /** Set by an adapter that drains on shutdown: readiness answers 503 from the moment it starts. */
  lifecycle?: Lifecycle;
  /** Set by an adapter that sheds load (OVERLOAD_*): while overloaded, /api answers 503 before any work. */
  load?: LoadMonitor;
}

export type App = Hono<AppEnv>;

export function createApp({ orm, services, logger, remoteAddress = () => undefined, lifecycle, load }: AppDeps): App {
  const config = services.config;
  const app = new Hono<AppEnv>({ getPath: basePathStripper(config.basePath) });

  // First, to time the whole answer; absent when neither metrics nor traces are on.
  const observe = observeRequests(services);
  if (observe) app.use(observe);
  // Who the client is, the request id and the security headers (on every response, the redirect's
  // too), and the failures' watch for the database's return: one middleware.
  const failures = createFailures({ orm, logger });
  app.use(requestContext(logger, config, { client: clientInfo(config, remoteAddress), onRequest: failures.noticeRequest }));
  if (config.forceHttps) app.use(httpsRedirect(config));
  if (config.corsOrigins.length) {
    const any = config.corsOrigins.includes('*');
    app.use(
      cors({ origin: any ? '*' : [...config.corsOrigins], credentials: !any, exposeHeaders: ['X-Request-Id', 'ETag', 'Retry-After'] }),
    );
  }
  const limitBody = bodyLimit({
    maxSize: config.bodyLimit,
    onError: (c) => problem(c, { status: 413, detail: `The request body is larger than ${config.bodyLimit} bytes` }),
  });
  // While overloaded, /api answers 503 before any work (after CORS, so that a browser on another
  // origin can read it). Each /api request gets its own EntityManager, forked on first use: the
  // public reads, the documents and every request refused before a query never pay for one. Only
  // /api reads bodies; GET and HEAD carry none worth reading, and probes skip the body limit altogether.
  const refusal = load ? overloadRefusal(load) : undefined;
  app.use('/api/*', (c, next) => {
    const refused = refusal?.(c);
    if (refused) return Promise.resolve(refused);
    c.set(
      'em',
      lazy(orm.mikro.em as SqlEntityManager, () => orm.fork()),
    );
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next);
  });
  // OPTIONS on a known path says what it allows (HAProxy's default health check is `OPTIONS / HTTP/1.0`);
  // another method on a known path is a 405. Both are looked up only when no route matched (notFound below).
  const allowed = allowedMethods(app);
  const disallowed = (c: Context<AppEnv>, methods: string[]) =>
    c.req.method === 'OPTIONS'
      ? c.body(null, 204, { Allow: [...methods, 'OPTIONS'].join(', ') })
      : problem(c, { status: 405, headers: { Allow: methods.join(', ') } });

  app.get('/', (c) => c.json({ name: APP_NAME, version: APP_VERSION, health: `${c.var.client.prefix}/health` }));
  app.route('/health', healthRoutes(orm, lifecycle));
  app.route('/api/v1', systemRoutes(orm));
  app.route('/api/v1/docs', docsRoutes(APP_NAME));
  app.route('/admin', consoleRoutes(config.appRoot));
  if (services.metrics) app.get('/metrics', metricsEndpoint(services.metrics, config.metrics.token));
  const api = createRouter()
    .route('/api/v1', setupRoutes(services, orm))
    .route('/api/v1/auth', authRoutes(services))
    .route('/api/v1/audit', auditRoutes(services))
    .route('/api/v1/config', publicConfigRoutes(services))
    .route('/api/v1/content', contentRoutes(services))
    .route('/api/v1/settings/smtp', mailRoutes(services))
    .route('/api/v1/settings', settingsRoutes(services))
    .route('/api/v1/contact', contactRoutes(services))
    .route('/api/v1/stats', statsRoutes(services))
    .route('/api/v1/users', usersRoutes(services))
    .route('/api/v1/me', meRoutes(services));
  mountOpenApi(api, { title: APP_NAME, version: APP_VERSION });
  app.route('/', api);

  app.notFound((c) => {
    const methods = allowed(c.req.path);
    if (methods.length && !methods.includes(c.req.method)) return disallowed(c, methods);
    return problem(c, { status: 404, detail: `No route for ${c.req.method} ${publicPath(c)}` });
  });
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problem(c, error.init);
    const log = c.var.log ?? logger;
    if (error instanceof HTTPException) {
      // Keep the status and headers a middleware chose (WWW-Authenticate, Retry-After); a 5xx message stays in the log.
      const headers = responseHeaders(error.res);
      if (error.status < 500) return problem(c, { status: error.status, detail: error.message || undefined, headers });
      log.error({ err: error, requestId: c.var.requestId }, 'HTTP exception');
      return problem(c, { status: error.status, headers });
    }
    return failures.answer(error, c);
  });
  return app;
}

/** The headers of an HTTPException's own response, minus those describing its body. */
function responseHeaders(res: Response | undefined): Record<string, string> | undefined {
  if (!res) return undefined;
  const headers = Object.fromEntries(res.headers);
  delete headers['content-type'];
  delete headers['content-length'];
  return headers;
}

/**
 * Routes are declared without the base path. A request may arrive with the prefix (Passenger,
 * nginx without a trailing slash in proxy_pass) or without it (a proxy that strips it); both
 * reach the same route, with or without a trailing slash.
 */
function basePathStripper(basePath: string) {
  return (request: Request): string => {
    let path = getPath(request);
    if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length) || '/';
    return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
  };
}
