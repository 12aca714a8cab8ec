/**
 * Every operation of the OpenAPI document, called anonymously and with each role: an operation
 * that needs a token answers 401 (with a Bearer challenge) without one and 403 to a role its
 * `x-roles` leaves out, and lets the roles it names through (with an answer, never a 5xx); one whose
 * security is empty (or has the empty alternative `{}`, the token being optional) never asks for a
 * token. So the document (and the README table made from it) cannot claim other access rules than
 * the middleware enforces, and a new route without its guard fails here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { needsToken, type OpenApiDocument, openApiDocument } from '#scripts/endpoints.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const doc: OpenApiDocument = await openApiDocument();
const operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);

describeEachDatabase('authorization of every operation', (type) => {
  let t: ContentTestApp;
  beforeAll(async () => {
    t = await buildContentApp(type);
  });
  afterAll(() => t?.close());

  const call = (method: string, path: string, token?: string) =>
    t.send(method, path.replace(/\{[^}]+\}/g, '999999'), token, ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined);

  it('covers the whole API', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter((o) => needsToken(o.op)).length).toBeGreaterThan(10);
    // Every operation says who may call it, public ones included (security: []).
    expect(operations.filter((o) => !Array.isArray(o.op.security)).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  for (const { method, path, op } of operations) {
    const roles = op['x-roles'];
    if (!needsToken(op)) {
      it(`${method} ${path} asks nobody for a token, and answers without failing`, async () => {
        const status = (await call(method, path)).status;
        expect(status).not.toBe(401);
        expect(status).toBeLessThan(500);
      });
      continue;
    }
    it(`${method} ${path}: 401 without a token, and open to exactly ${roles?.join(', ')}`, async () => {
      const anonymous = await call(method, path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const sessions = { admin: t.admin_, editor: t.editor, member: t.member };
      for (const [role, session] of Object.entries(sessions)) {
        const status = (await call(method, path, session.accessToken)).status;
        if (roles?.includes(role)) {
          expect([401, 403], `${role} on ${method} ${path}`).not.toContain(status);
          expect(status, `${role} on ${method} ${path}`).toBeLessThan(500);
        } else expect(status, `${role} on ${method} ${path}`).toBe(403);
      }
    });
  }
});
