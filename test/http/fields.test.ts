/**
 * Every request field of the OpenAPI document, on every database: a string field refuses a NUL
 * byte and an unpaired surrogate with a 422 naming it (they used to reach the drivers: a NUL in a
 * login, a contact message, a slug or q answered 500 on SQLite and PostgreSQL, a lone surrogate in
 * a login broke the failed-login audit row on PostgreSQL and MariaDB), and an integer parameter
 * refuses what its column cannot hold (ids and author beyond 2^31-1 answered 500 on PostgreSQL).
 * Driven by the document, so a new field is covered without a new case.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { INT_MAX, TEXT_MESSAGE } from '#src/http/fields.ts';
import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import {
  type Document,
  fetchDocument,
  fillPath,
  jsonBodySchema,
  type JsonSchema,
  type Operation,
  operationsOf,
  resolve,
  typesOf,
} from '#test/support/openapi.ts';

const NOT_STORABLE = { nul: 'a\u0000b', 'lone high surrogate': 'a\ud800b', 'lone low surrogate': '\udc00' };
const TOO_LARGE = [String(INT_MAX + 1), '99999999999999999999'];

interface Field {
  operation: Operation;
  where: 'body' | 'query' | 'path';
  name: string;
  schema: JsonSchema;
}

/** The fields of `type` of every operation that validates its input (documents a 422). */
function fields(doc: Document, type: 'string' | 'integer'): Field[] {
  return operationsOf(doc).flatMap((operation) => {
    if (!operation.op.responses['422']) return [];
    const params = (operation.op.parameters ?? [])
      .filter((p) => (p.in === 'query' || p.in === 'path') && typesOf(resolve(doc, p.schema)).includes(type))
      .map((p) => ({ operation, where: p.in as 'query' | 'path', name: p.name, schema: resolve(doc, p.schema) }));
    const body = jsonBodySchema(doc, operation.op);
    const properties = Object.entries(body?.properties ?? {})
      .filter(([, schema]) => typesOf(resolve(doc, schema)).includes(type))
      .map(([name, schema]) => ({ operation, where: 'body' as const, name, schema: resolve(doc, schema) }));
    return [...params, ...properties];
  });
}

describeEachDatabase('request fields', (type) => {
  let t: ContentTestApp;
  let doc: Document;
  beforeAll(async () => {
    t = await buildContentApp(type);
    doc = await fetchDocument(t.app);
  });
  afterAll(() => t?.close());

  /** Sends `value` in the field, as the administrator (allowed everywhere), the other fields left out. */
  const send = ({ operation, where, name }: Field, value: string) => {
    const path = fillPath(operation.path, where === 'path' ? { [name]: value } : {});
    const query = where === 'query' ? `?${new URLSearchParams({ [name]: value })}` : '';
    const body = where === 'body' ? { [name]: value } : operation.op.requestBody ? {} : undefined;
    return t.send(operation.method, path + query, t.admin_.accessToken, body);
  };

  it('finds the fields to try', () => {
    expect(fields(doc, 'string').length).toBeGreaterThan(40);
    expect(fields(doc, 'integer').map((f) => `${f.operation.name} ${f.name}`)).toEqual(
      expect.arrayContaining(['GET /api/v1/content author', 'GET /api/v1/users/{id} id', 'GET /api/v1/audit actorId']),
    );
  });

  it('a string field refuses a NUL byte and an unpaired surrogate with a 422 naming it (a choice: as not one of its values)', async () => {
    for (const field of fields(doc, 'string')) {
      for (const [what, value] of Object.entries(NOT_STORABLE)) {
        // Query strings and paths are UTF-8: a lone surrogate cannot be sent in them.
        if (field.where !== 'body' && what !== 'nul') continue;
        const res = await send(field, value);
        const label = `${field.operation.name} ${field.where} ${field.name} with a ${what}`;
        expect(res.status, label).toBe(422);
        const message = field.schema.enum ? expect.stringMatching(/^Invalid option/) : TEXT_MESSAGE;
        expect((await json(res)).errors, label).toContainEqual({ path: field.name, message });
      }
    }
  });

  it('an integer parameter refuses what an int column cannot hold, and takes the largest it documents', async () => {
    for (const field of fields(doc, 'integer').filter((f) => f.where !== 'body')) {
      for (const value of TOO_LARGE) {
        const res = await send(field, value);
        const label = `${field.operation.name} ${field.name}=${value}`;
        expect(res.status, label).toBe(422);
        expect((await json(res)).errors, label).toContainEqual({ path: field.name, message: expect.stringMatching(/<=\s*2147483647/) });
      }
      expect(field.schema.maximum, `${field.operation.name} ${field.name}`).toBeLessThanOrEqual(INT_MAX);
      const largest = String(field.schema.maximum);
      const res = await send(field, largest);
      expect(res.status, `${field.operation.name} ${field.name}=${largest}`).toBeLessThan(500);
      if (res.status === 422) expect((await json(res)).errors.map((e: { path: string }) => e.path)).not.toContain(field.name);
    }
  });

  it('an id beyond 2^31-1 where an id or a slug is taken is a 422 naming it, not a lookup', async () => {
    for (const value of [...TOO_LARGE, '0']) {
      const res = await t.send('GET', `/api/v1/content/${value}`);
      expect(res.status, value).toBe(422);
      expect((await json(res)).errors, value).toEqual([{ path: 'id', message: `A numeric id must be from 1 to ${INT_MAX}` }]);
    }
    expect((await t.send('GET', `/api/v1/content/${INT_MAX}`)).status).toBe(404);
  });

  it('a login with a NUL byte or a lone surrogate is refused before it reaches the database or the audit log', async () => {
    for (const login of Object.values(NOT_STORABLE)) {
      const res = await t.post('/api/v1/auth/login', { login, password: 'whatever' });
      expect(res.status).toBe(422);
      expect((await json(res)).errors).toEqual([{ path: 'login', message: TEXT_MESSAGE }]);
    }
    // The account is still there to log into, and the audit log took nothing from those attempts.
    expect((await t.login('eddie')).status).toBe(200);
    const audit = await json(await t.get('/api/v1/audit?action=auth.login_failed', t.admin_.accessToken));
    expect(audit.total).toBe(0);
  });
});
