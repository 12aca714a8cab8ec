/** GET /api/v1/openapi.json: an OpenAPI 3.1 document listing every route with its errors. */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type AuthTestApp, buildAuthApp } from '#test/support/auth.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { type Document, operationsOf } from '#test/support/openapi.ts';

describeEachDatabase(
  'OpenAPI document',
  (type) => {
    let t: AuthTestApp;
    let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    beforeAll(async () => {
      t = await buildAuthApp(type, { BASE_PATH: '/filamenta' });
      const res = await t.app.request('/filamenta/api/v1/openapi.json');
      expect(res.status).toBe(200);
      doc = await json(res);
    });
    afterAll(() => t?.close());

    it('is OpenAPI 3.1 and lists every route, probes and /version included', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.servers).toEqual([{ url: '/filamenta' }]);
      const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(routes.sort()).toEqual(
        [
          'GET /',
          'GET /health',
          'GET /health/ready',
          'GET /api/v1/version',
          'GET /api/v1/docs',
          'GET /api/v1/docs/{file}',
          'GET /api/v1/openapi.json',
          'GET /api/v1/setup',
          'POST /api/v1/setup',
          'POST /api/v1/setup/migrations',
          'POST /api/v1/setup/smtp-test',
          'POST /api/v1/auth/register',
          'POST /api/v1/auth/login',
          'POST /api/v1/auth/refresh',
          'POST /api/v1/auth/logout',
          'GET /api/v1/auth/me',
          'POST /api/v1/auth/login/2fa',
          'POST /api/v1/auth/2fa/setup',
          'POST /api/v1/auth/2fa/enable',
          'POST /api/v1/auth/2fa/disable',
          'POST /api/v1/auth/email/verify',
          'POST /api/v1/auth/email/resend',
          'POST /api/v1/auth/password/forgot',
          'POST /api/v1/auth/password/reset',
          'GET /api/v1/audit',
          'GET /api/v1/content',
          'POST /api/v1/content',
          'GET /api/v1/content/{id}',
          'PATCH /api/v1/content/{id}',
          'DELETE /api/v1/content/{id}',
          'POST /api/v1/content/{id}/publish',
          'POST /api/v1/content/{id}/archive',
          'GET /api/v1/config',
          'GET /api/v1/settings',
          'PATCH /api/v1/settings',
          'POST /api/v1/settings/smtp/test',
          'POST /api/v1/contact',
          'GET /api/v1/contact/messages',
          'GET /api/v1/stats',
          'GET /api/v1/users',
          'POST /api/v1/users',
          'GET /api/v1/users/{id}',
          'PATCH /api/v1/users/{id}',
          'DELETE /api/v1/users/{id}',
          'GET /api/v1/me',
          'PATCH /api/v1/me',
          'GET /api/v1/me/preferences',
          'PATCH /api/v1/me/preferences',
        ].sort(),
      );
    });

    it('lists exactly the routes the app serves, with the same parameter names', () => {
      // Middleware is registered for ALL methods; every handler is on one method. The console's
      // pages and assets under /admin are not part of the API the document describes.
      const served = new Set(
        t.app.routes
          .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/admin'))
          .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
      );
      const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect([...served].sort()).toEqual(documented.sort());
    });

    it('names every operation once (operationId) and says who may call each (security, [] when anyone)', () => {
      const ops = operationsOf(doc as Document).map((o) => o.op);
      const ids = ops.map((op) => op.operationId);
      expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ops.filter((op) => !Array.isArray(op.security))).toEqual([]);
      expect(doc.paths['/health'].get.security).toEqual([]);
    });

    it('gives every response with a body its schema', () => {
      const missing = operationsOf(doc as Document).flatMap(({ name, op }) =>
        Object.entries(op.responses)
          // 204 and 304 never carry a body (RFC 9110); 202 here has none either.
          .filter(([status]) => !['202', '204', '304'].includes(status))
          .flatMap(([status, response]) =>
            Object.entries(response.content ?? { none: {} })
              .filter(([, media]) => !media.schema)
              .map(([type]) => `${name} ${status} ${type}`),
          ),
      );
      expect(missing).toEqual([]);
      expect(doc.paths['/health/ready'].get.responses['503'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/Readiness',
      );
    });

    it('documents request bodies, success shapes, problem responses and bearer security', () => {
      const login = doc.paths['/api/v1/auth/login'].post;
      expect(login.requestBody.required).toBe(true);
      expect(login.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LoginRequest');
      expect(login.responses['200'].content['application/json'].schema.anyOf).toEqual([
        { $ref: '#/components/schemas/Session' },
        { $ref: '#/components/schemas/CookieSession' },
        { $ref: '#/components/schemas/MfaChallenge' },
      ]);
      // The cookie mode of the session calls is a documented query parameter of each.
      for (const path of ['login', 'login/2fa', 'refresh', 'logout']) {
        expect(doc.paths[`/api/v1/auth/${path}`].post.parameters, path).toEqual([
          expect.objectContaining({
            name: 'session',
            in: 'query',
            schema: expect.objectContaining({ type: 'string', enum: ['json', 'cookie'] }),
          }),
        ]);
      }
      expect(doc.components.schemas.Problem.properties.type.description).toContain('urn:filamenta:problem:cross-site-request');
      expect(doc.paths['/api/v1/auth/2fa/enable'].post.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '422', '429', '503']);
      expect(login.responses['422'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/ValidationProblem');
      expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearerAuth: [] }]);
      // Every /api operation may be refused while the server is overloaded; the probes never are.
      for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>)) {
        for (const operation of Object.values(operations))
          expect(Object.keys(operation.responses).includes('503'), path).toBe(path.startsWith('/api/') || path === '/health/ready');
      }
      expect(login.responses['503'].description).toMatch(/^Overloaded: retry after Retry-After seconds/);
      expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(doc.components.schemas.User.properties).not.toHaveProperty('passwordHash');
      // AdminUser is User plus the administrator's fields.
      const admin = doc.components.schemas.AdminUser.allOf;
      expect(admin[0]).toEqual({ $ref: '#/components/schemas/User' });
      for (const properties of [doc.components.schemas.User.properties, admin[1].properties]) {
        for (const secret of ['passwordHash', 'totpSecret', 'totpLastStep', 'failedLoginCount'])
          expect(properties).not.toHaveProperty(secret);
      }
      expect(Object.keys(doc.paths['/api/v1/users/{id}'].patch.responses).sort()).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
        '409',
        '413',
        '415',
        '422',
        '503',
      ]);
    });
  },
  ['sqlite'],
);
