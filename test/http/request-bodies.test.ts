/**
 * What the HTTP layer answers before a handler runs, on every operation of the OpenAPI document,
 * and that the document says so: malformed JSON is 400, a body that is not JSON 415 (both
 * problem+json), a body over BODY_LIMIT 413 on any method but GET.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { buildContentApp, type ContentTestApp } from '#test/support/content.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';
import { fetchDocument, fillPath, type Operation, operationsOf } from '#test/support/openapi.ts';

const LIMIT = 1024;

describeEachDatabase(
  'request bodies',
  (type) => {
    let t: ContentTestApp;
    let operations: Operation[];
    beforeAll(async () => {
      t = await buildContentApp(type, { BODY_LIMIT: String(LIMIT) });
      operations = operationsOf(await fetchDocument(t.app));
    });
    afterAll(() => t?.close());

    /** As the administrator (allowed everywhere), so the answer is the body's, not the guard's. */
    const send = (o: Operation, body: string, contentType?: string) =>
      t.app.request(fillPath(o.path, {}), {
        method: o.method,
        headers: { authorization: `Bearer ${t.admin_.accessToken}`, ...(contentType ? { 'content-type': contentType } : {}) },
        body,
      });

    const expectProblem = async (o: Operation, res: Response, status: number, detail: RegExp) => {
      expect(res.status, o.name).toBe(status);
      expect(res.headers.get('content-type'), o.name).toBe('application/problem+json');
      expect(await json(res), o.name).toMatchObject({ status, detail: expect.stringMatching(detail) });
      expect(Object.keys(o.op.responses), `${o.name} documents ${status}`).toContain(String(status));
    };

    it('malformed JSON is 400 and a body of another type 415, where a JSON body is taken', async () => {
      const withBody = operations.filter((o) => o.op.requestBody);
      expect(withBody.length).toBeGreaterThan(15);
      for (const o of withBody) {
        for (const malformed of ['{"a":', '', '{"a":1,}', "{'a':1}"]) {
          await expectProblem(o, await send(o, malformed, 'application/json'), 400, /^Malformed JSON/);
        }
        for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', undefined]) {
          await expectProblem(o, await send(o, '{}', contentType), 415, /^Unsupported Media Type/);
        }
      }
    });

    it('a body over BODY_LIMIT is 413 on every method but GET', async () => {
      const writes = operations.filter((o) => o.method !== 'GET');
      expect(writes.length).toBeGreaterThan(25);
      const big = JSON.stringify({ padding: 'x'.repeat(LIMIT) });
      for (const o of writes) await expectProblem(o, await send(o, big, 'application/json'), 413, /larger than 1024 bytes/);
    });
  },
  ['sqlite'],
);
