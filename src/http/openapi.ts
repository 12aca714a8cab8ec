/**
 * The OpenAPI 3.1 document at /api/v1/openapi.json. Feature routers describe themselves through
 * their zod schemas; the probes and /version, plain Hono routes, are described here.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './types.ts';

export function mountOpenApi(api: OpenAPIHono<AppEnv>, info: { title: string; version: string }): void {
  const registry = api.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const plain = (path: string, summary: string, responses: Record<string, string>) =>
    registry.registerPath({
      method: 'get',
      path,
      tags: ['System'],
      summary,
      responses: Object.fromEntries(Object.entries(responses).map(([status, description]) => [status, { description }])),
    });
  plain('/', 'Name, version and the path of /health', { 200: 'About this API' });
  plain('/health', 'Liveness: 200 while the process serves, without touching the database', { 200: 'Alive' });
  plain(
    '/health/ready',
    'Readiness: a database round trip with its latency, pool figures (MariaDB/MySQL, PostgreSQL), pending migrations; 200 or 503',
    { 200: 'Ready', 503: 'Not ready' },
  );
  plain('/api/v1/version', 'Name, version, Node version, database type and driver', { 200: 'Versions' });
  plain(
    '/api/v1/docs',
    'The interactive reference of the OpenAPI document (Swagger UI); its files (/api/v1/docs/swagger-ui.css, swagger-ui-bundle.js, init.js) come from the app itself, no CDN',
    { 200: 'An HTML page' },
  );
  // Paths are relative to the public prefix (BASE_PATH or a trusted X-Forwarded-Prefix).
  api.doc31('/api/v1/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: { ...info, description: 'Filamenta API. Errors are RFC 9457 problem+json.' },
    servers: [{ url: c.var.client.prefix || '/' }],
  }));
}
