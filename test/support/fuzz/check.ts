/**
 * The fuzzer's oracle: an answer must be one the OpenAPI document lists for its operation, with a
 * documented media type and a body its schema accepts (Ajv, JSON Schema 2020-12 as OpenAPI 3.1
 * uses it) whose text is whole characters, or no body where none is documented; and never a 5xx.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

import type { Document, Operation } from '../openapi.ts';

const BASE = 'https://filamenta.invalid/openapi.json';

/** RFC 3339 date-time with an offset or Z, and a real calendar date. */
const isDateTime = (s: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
  !Number.isNaN(Date.parse(s)) &&
  new Date(Date.parse(s.slice(0, 10))).toISOString().startsWith(s.slice(0, 10));

/** A string in `value` that is not well-formed UTF-16 (half of a surrogate pair), if any. */
function brokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : value;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const broken = brokenText(k) ?? brokenText(v);
      if (broken !== undefined) return broken;
    }
  }
  return undefined;
}

export interface Verdict {
  /** Why the answer is wrong, or undefined when it is as documented. */
  problem?: string;
  detail?: string;
}

export function createChecker(doc: Document) {
  // Annotations OpenAPI adds (example) are not JSON Schema keywords: not strict about them.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date-time', isDateTime);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('password', true);
  ajv.addSchema({ $id: BASE, components: doc.components });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: object) => {
    let v = compiled.get(key);
    if (!v) {
      // Local references point into the document's components.
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${BASE}#/components/`)) as object;
      compiled.set(key, (v = ajv.compile(rebased)));
    }
    return v;
  };

  return function check(operation: Operation, res: Response, text: string): Verdict {
    if (res.status >= 500) return { problem: `${res.status}`, detail: text.slice(0, 300) };
    const documented = operation.op.responses[String(res.status)];
    if (!documented) return { problem: `undocumented ${res.status}`, detail: text.slice(0, 300) };
    if (!documented.content) {
      return text === '' ? {} : { problem: `${res.status} with a body where none is documented`, detail: text.slice(0, 300) };
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    const media = documented.content[type];
    if (!media) {
      return { problem: `${res.status} as ${type || 'no content type'}, documented ${Object.keys(documented.content).join(', ')}` };
    }
    if (!media.schema) return {};
    let body: unknown = text;
    if (/[/+]json$/.test(type)) {
      try {
        body = JSON.parse(text);
      } catch {
        return { problem: `${res.status} ${type} that is not JSON`, detail: text.slice(0, 300) };
      }
    }
    const broken = brokenText(body);
    if (broken !== undefined) return { problem: `${res.status} body with half a character`, detail: JSON.stringify(broken).slice(0, 300) };
    const validate = validator(`${operation.name} ${res.status} ${type}`, media.schema);
    if (validate(body)) return {};
    return {
      problem: `${res.status} body does not match its schema`,
      detail: `${ajv.errorsText(validate.errors, { separator: '; ' })}: ${text.slice(0, 300)}`,
    };
  };
}
