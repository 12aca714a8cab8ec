/** Reading the app's OpenAPI document in tests: its operations, their parameters, bodies and schemas. */
import type { App } from '../../src/app.ts';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

interface MediaTypes {
  [mediaType: string]: { schema?: JsonSchema };
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: MediaTypes };
  responses: Record<string, { description: string; content?: MediaTypes; headers?: Record<string, unknown> }>;
}

export interface Document {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes?: Record<string, unknown> };
}

export interface Operation {
  method: string;
  path: string;
  op: OperationObject;
  /** `GET /api/v1/content/{id}`, for messages. */
  name: string;
}

export async function fetchDocument(app: App): Promise<Document> {
  const res = await app.request('/api/v1/openapi.json');
  if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
  return (await res.json()) as Document;
}

export function operationsOf(doc: Document): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path, op, name: `${method.toUpperCase()} ${path}` })),
  );
}

/** The schema a `$ref` points at (followed until it is not a reference). */
export function resolve(doc: Document, schema: JsonSchema): JsonSchema {
  let s = schema;
  while (s.$ref) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`No schema ${s.$ref} in the document`);
    s = target;
  }
  return s;
}

/** The JSON request body's schema, resolved; undefined for an operation without one. */
export function jsonBodySchema(doc: Document, op: OperationObject): JsonSchema | undefined {
  const schema = op.requestBody?.content['application/json']?.schema;
  return schema && resolve(doc, schema);
}

export const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** The path with every `{param}` replaced by `values[param]`, URI-encoded unless `raw`. */
export function fillPath(path: string, values: Record<string, string>, raw = false): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name] ?? '1';
    return raw ? value : encodeURIComponent(value);
  });
}
