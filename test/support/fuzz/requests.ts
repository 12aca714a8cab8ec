/**
 * Requests for the fuzzer, one operation of the OpenAPI document at a time: path parameters (ids
 * that exist, ids past every range, encodings), query strings (valid, invalid, repeated, unknown),
 * If-Match, a role (anonymous, each role, a forged token) and a body (valid, mutated, any JSON,
 * malformed, nested deep, over the limit, of another content type). Ids that exist are named by
 * an index into a pool the fuzzer fills as it goes, so a generated request stays replayable.
 */
import fc from 'fast-check';

import { needsToken } from '../../../scripts/endpoints.ts';
import { type Document, jsonBodySchema, type Operation, type Parameter, resolve, typesOf } from '../openapi.ts';
import { type Hints, invalid, nastyString, valid } from './values.ts';

const ROLES = ['member', 'editor', 'admin'] as const;
export type Caller = 'anonymous' | (typeof ROLES)[number] | 'forged';

type PathValue = { pool: number } | { raw: string };

interface Body {
  /** Bytes as sent; a string is UTF-8 encoded. */
  text: string;
  contentType: string | undefined;
  kind: 'valid' | 'mutated' | 'json' | 'malformed' | 'deep' | 'oversized' | 'stray';
}

export interface FuzzRequest {
  operation: Operation;
  caller: Caller;
  pathParams: Record<string, PathValue>;
  /** `name=value` pairs, already percent-encoded. */
  query: [string, string][];
  headers: Record<string, string>;
  body: Body | undefined;
}

/** What goes in a path segment past the valid values: out of range, not numbers, odd encodings. */
const PATH_EDGES = [
  '0',
  '-1',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '99999999999999999999',
  '1.5',
  '1e3',
  '0x10',
  '%201',
  '+1',
  '%D9%A1',
  'abc',
  'UPPER-Case',
  '%00',
  'a%00b',
  '%2F',
  '%25',
  '%zz',
  '%ED%A0%80',
  '%EF%BF%BD',
  '%F0%9F%98%80',
  'x'.repeat(5_000),
];

/** Query values past the valid ones, raw (already encoded). */
const QUERY_EDGES = ['', '0', '-1', '2147483648', '99999999999999999999', '1.5', '1e3', 'NaN', 'Infinity', '%00', '%zz', 'a%00b', '%20%20'];

const IF_MATCH = ['"1"', '"2"', 'W/"1"', '*', '"1", "2"', '"999999"', 'garbage', '""'];

const MALFORMED = [
  '',
  '{',
  '{"a":',
  '}',
  'nul',
  'undefined',
  'NaN',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '[',
  '"',
  '\u0000',
];

const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/jsonx',
  'json',
  undefined,
];

/** Percent-encodes what a URL can carry (a lone surrogate cannot be: it travels as U+FFFD). */
const encode = (value: unknown) =>
  encodeURIComponent(
    (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)).toWellFormed(),
  );

function pathValue(doc: Document, p: Parameter, hints: Hints): fc.Arbitrary<PathValue> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((pool) => ({ pool })) },
    // An empty or dot segment would make the URL another route's: not this operation's answer to judge.
    {
      weight: 2,
      arbitrary: valid(doc, p.schema, hints, p.name)
        .map((v) => ({ raw: encode(v) }))
        .filter(({ raw }) => !['', '.', '..'].includes(raw)),
    },
    { weight: 2, arbitrary: fc.constantFrom(...PATH_EDGES).map((raw) => ({ raw })) },
  );
}

type Pairs = [string, string][];

/** Every parameter absent or valid; or so but for one, which gets a value it refuses, odd encoding, or twice. */
function queryPairs(doc: Document, params: Parameter[], hints: Hints): fc.Arbitrary<Pairs> {
  const named =
    (p: Parameter) =>
    (v: unknown): Pairs => [[p.name, encode(v)]];
  const fine = (p: Parameter) =>
    fc.oneof({ weight: 1, arbitrary: fc.constant<Pairs>([]) }, { weight: 2, arbitrary: valid(doc, p.schema, hints, p.name).map(named(p)) });
  const wrong = (p: Parameter) => {
    const numeric = typesOf(resolve(doc, p.schema)).some((t) => t === 'integer' || t === 'number');
    return fc.oneof(
      { weight: 3, arbitrary: invalid(doc, p.schema, hints).map(named(p)) },
      {
        weight: 2,
        arbitrary: (numeric ? fc.constantFrom(...QUERY_EDGES) : nastyString().map(encode)).map((raw): Pairs => [[p.name, raw]]),
      },
      // The same name twice: a list where one value is expected.
      { weight: 1, arbitrary: valid(doc, p.schema, hints, p.name).map((v) => [...named(p)(v), ...named(p)(v)]) },
    );
  };
  const allFine = fc.tuple(...params.map(fine));
  const oneWrong = params.map((p, i) => fc.tuple(allFine, wrong(p)).map(([lists, bad]) => lists.map((list, j) => (j === i ? bad : list))));
  const lists = oneWrong.length ? fc.oneof({ weight: 3, arbitrary: allFine }, { weight: 2, arbitrary: fc.oneof(...oneWrong) }) : allFine;
  const extra = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Pairs>([]) },
    { weight: 1, arbitrary: fc.constant<Pairs>([['unknown', 'x']]) },
    { weight: 1, arbitrary: fc.constant<Pairs>([['__proto__', 'x']]) },
  );
  return fc.tuple(lists, extra).map(([l, e]) => [...l.flat(), ...e]);
}

function headers(params: Parameter[]): fc.Arbitrary<Record<string, string>> {
  if (!params.some((p) => p.in === 'header' && p.name === 'if-match')) return fc.constant({});
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: fc.constantFrom(...IF_MATCH).map((v) => ({ 'if-match': v })) },
  );
}

function caller(operation: Operation): fc.Arbitrary<Caller> {
  const allowed = needsToken(operation.op) ? ((operation.op['x-roles'] ?? ROLES) as Caller[]) : ['anonymous' as const];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...allowed) },
    { weight: 3, arbitrary: fc.constantFrom<Caller>('anonymous', ...ROLES) },
    { weight: 1, arbitrary: fc.constant<Caller>('forged') },
  );
}

function body(doc: Document, operation: Operation, hints: Hints, bodyLimit: number): fc.Arbitrary<Body | undefined> {
  const oversized = fc.constant<Body>({ text: `{"x":"${'a'.repeat(bodyLimit)}"}`, contentType: 'application/json', kind: 'oversized' });
  const schema = jsonBodySchema(doc, operation.op);
  if (!schema) {
    if (operation.method === 'GET') return fc.constant(undefined);
    const stray = fc
      .jsonValue({ maxDepth: 2 })
      .map((v): Body => ({ text: JSON.stringify(v), contentType: 'application/json', kind: 'stray' }));
    return fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: stray }, { weight: 1, arbitrary: oversized });
  }
  const json = (kind: Body['kind']) => (v: unknown) => ({ text: JSON.stringify(v) ?? 'null', kind });
  const content = fc.oneof(
    { weight: 6, arbitrary: valid(doc, schema, hints).map(json('valid')) },
    { weight: 6, arbitrary: invalid(doc, schema, hints).map(json('mutated')) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json('json')) },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED).map((text) => ({ text, kind: 'malformed' as const })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(10, 10_000).map((depth) => ({ text: '['.repeat(depth) + ']'.repeat(depth), kind: 'deep' as const })),
    },
  );
  const contentType = fc.oneof(
    { weight: 14, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json') },
    { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  );
  return fc.oneof(
    { weight: 20, arbitrary: fc.tuple(content, contentType).map(([c, type]): Body => ({ ...c, contentType: type })) },
    { weight: 1, arbitrary: oversized },
  );
}

/** A request to `operation`. */
function requestTo(doc: Document, operation: Operation, hints: Hints, bodyLimit: number): fc.Arbitrary<FuzzRequest> {
  const params = operation.op.parameters ?? [];
  const inPath = params.filter((p) => p.in === 'path');
  return fc.record({
    operation: fc.constant(operation),
    caller: caller(operation),
    pathParams: fc.record(Object.fromEntries(inPath.map((p) => [p.name, pathValue(doc, p, hints)]))) as fc.Arbitrary<
      Record<string, PathValue>
    >,
    query: queryPairs(
      doc,
      params.filter((p) => p.in === 'query'),
      hints,
    ),
    headers: headers(params),
    body: body(doc, operation, hints, bodyLimit),
  });
}

/** Requests spread evenly over the operations. */
export function requests(doc: Document, operations: Operation[], hints: Hints, bodyLimit: number): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((operation) => requestTo(doc, operation, hints, bodyLimit));
}
