/**
 * The OpenAPI 3.1 document at /api/v1/openapi.json. Feature routers describe themselves through
 * their zod schemas; the root, the probes, /version and the reference pages, plain Hono routes,
 * are described here with the shapes they answer.
 */
import { type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';

import pkg from '../../package.json' with { type: 'json' };
import { DB_TYPES } from '../config.ts';
import type { DriverName } from '../db/orm.ts';
import type { AppEnv } from './types.ts';
import { anyone, jsonResponse, problemResponses } from './validation.ts';

const DRIVERS = ['better-sqlite3', 'node:sqlite', 'pg', 'mysql2'] as const satisfies readonly DriverName[];

const Database = z.object({ type: z.enum(DB_TYPES), driver: z.enum(DRIVERS) });

const RootSchema = z
  .object({ name: z.string(), version: z.string(), health: z.string().openapi({ description: 'The path of /health' }) })
  .openapi('About');

const HealthSchema = z.object({ status: z.literal('ok'), uptimeS: z.number().int().min(0) }).openapi('Health');

const PoolSchema = z.object({ total: z.number().int(), idle: z.number().int(), waiting: z.number().int(), max: z.number().int() });

const ReplicaSchema = z
  .object({
    name: z.string().openapi({ description: 'replica-1, replica-2...: its place in DB_READ_REPLICA_URLS' }),
    ok: z.boolean().openapi({ description: 'It answered a round trip; a replica that does not is skipped by reads' }),
    latencyMs: z.number().min(0),
    lagS: z.number().min(0).nullable().openapi({
      description:
        'Seconds behind the primary as the database tells it (PostgreSQL: age of the last replayed transaction while WAL is left to replay; MariaDB/MySQL: Seconds_Behind_Master); null when unknown or down',
    }),
    lagBytes: z.number().min(0).optional().openapi({ description: 'PostgreSQL: WAL bytes the replica has yet to replay' }),
    error: z.string().optional().openapi({ description: 'Why it is down, without credentials' }),
    pool: PoolSchema.optional(),
  })
  .openapi('ReplicaReadiness');

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    reason: z.string().optional().openapi({ description: 'Why it is unavailable' }),
    database: Database.extend({
      ok: z.boolean(),
      latencyMs: z.number().min(0),
      error: z.string().optional().openapi({ description: 'What failed, without credentials' }),
      pool: PoolSchema.optional().openapi({ description: 'MariaDB/MySQL and PostgreSQL only' }),
      replicas: z
        .array(ReplicaSchema)
        .optional()
        .openapi({ description: 'Each read replica (DB_READ_REPLICA_URLS), when there are any; a replica down leaves readiness at 200' }),
    }),
    migrations: z.object({ pending: z.number().int().min(0), names: z.array(z.string()) }).optional(),
  })
  .openapi('Readiness');

const VersionSchema = z.object({ name: z.string(), version: z.string(), node: z.string(), database: Database }).openapi('Version');

const textResponse = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

const DocsFileParam = z.object({
  file: z.string().openapi({
    param: { name: 'file', in: 'path' },
    example: 'swagger-ui.css',
    description: 'swagger-ui.css, swagger-ui-bundle.js or init.js',
  }),
});

const SYSTEM_ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/',
    operationId: 'getAbout',
    summary: 'Name, version and the path of /health',
    responses: { 200: jsonResponse(RootSchema, 'About this API') },
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness: 200 while the process serves, without touching the database',
    responses: { 200: jsonResponse(HealthSchema, 'Alive') },
  },
  {
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    summary: 'Readiness: database round trip and latency, pool figures, pending migrations, read replicas with lag; 200 or 503',
    responses: { 200: jsonResponse(ReadinessSchema, 'Ready'), 503: jsonResponse(ReadinessSchema, 'Not ready: reason says why') },
  },
  {
    method: 'get',
    path: '/api/v1/version',
    operationId: 'getVersion',
    summary: 'Name, version, Node version, database type and driver',
    responses: { 200: jsonResponse(VersionSchema, 'Versions') },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This API as an OpenAPI 3.1 document (every route, schema and error)',
    responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'The OpenAPI document') },
  },
  {
    method: 'get',
    path: '/api/v1/docs',
    operationId: 'getApiReference',
    summary:
      'The interactive reference of the OpenAPI document (Swagger UI); its files (/api/v1/docs/swagger-ui.css, swagger-ui-bundle.js, init.js) come from the app itself, no CDN',
    responses: { 200: textResponse('text/html', 'An HTML page') },
  },
  {
    method: 'get',
    path: '/api/v1/docs/{file}',
    operationId: 'getApiReferenceFile',
    summary: 'A file of the interactive reference: swagger-ui.css, swagger-ui-bundle.js or init.js',
    request: { params: DocsFileParam },
    responses: {
      200: { description: 'The file', content: { 'text/css': { schema: z.string() }, 'text/javascript': { schema: z.string() } } },
      ...problemResponses(404),
    },
  },
];

export function mountOpenApi(api: OpenAPIHono<AppEnv>, info: { title: string; version: string }): void {
  const registry = api.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of SYSTEM_ROUTES) registry.registerPath({ ...route, tags: ['System'], ...anyone() });
  // Any operation under /api may be refused while the server is overloaded (overload.ts); the probes never are.
  const busy = {
    ...problemResponses(503)[503],
    description: 'Overloaded: retry after Retry-After seconds; or a service this needs is not available',
  };
  for (const definition of registry.definitions) {
    if (definition.type !== 'route' || !definition.route.path.startsWith('/api/')) continue;
    const responses = definition.route.responses as Record<string, unknown>;
    responses[503] ??= busy;
  }
  // Paths are relative to the public prefix (BASE_PATH or a trusted X-Forwarded-Prefix).
  api.doc31('/api/v1/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      ...info,
      description: 'Filamenta API. Errors are RFC 9457 problem+json.',
      license: { name: pkg.license, identifier: pkg.license },
    },
    servers: [{ url: c.var.client.prefix || '/' }],
  }));
}
