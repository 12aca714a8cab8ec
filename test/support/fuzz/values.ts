/**
 * JSON values for the fuzzer, from the OpenAPI document's JSON Schemas, with fast-check: `valid`
 * gives what a schema accepts (with known values mixed in where a field name has some, so requests
 * reach past validation), `invalid` what it refuses (wrong types, out of range, too long, missing or
 * unknown properties), and `nasty` strings every text field should survive.
 */
import fc from 'fast-check';

import { type Document, type JsonSchema, resolve, typesOf } from '../openapi.ts';

/** Known values by property or parameter name: usernames, passwords, slugs... that exist. */
export type Hints = Record<string, readonly string[]>;

const INT32 = 2 ** 31;

/** `n` UTF-16 code units of `unit` (which may be two long), topped up with `x`: never half a character. */
const fill = (unit: string, n: number) => unit.repeat(Math.floor(n / unit.length)) + 'x'.repeat(n % unit.length);

/** Strings that broke, or could break, something below the validation: encodings, case folding, SQL, markup. */
const NASTY = [
  '',
  ' ',
  ' \t\n ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'a\udc00b',
  '\ud83d',
  '0',
  '-1',
  'null',
  'true',
  '[]',
  '{}',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '%',
  '_',
  '!',
  '\\',
  '%_!\\',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '\u202eevil',
  '\ufeffbom',
  '\u2028\u2029',
  'İstanbul',
  'ǅ ß ﬃ ẞ',
  'ﷺ',
  '😀',
  '👨‍👩‍👧‍👦',
  'e\u0301',
  'Ω≈ç√∫ 日本語 مرحبا',
  '\u007f\u0080\u009f',
];

/** Characters whose case folding or compatibility decomposition grows (ﷺ is 18 characters in NFKD). */
const GROWING = ['ﷺ', 'ß', 'ﬃ', 'İ', '㍻', '😀', 'é', 'a'];

// Made once: fast-check builds a table of every code point the first time a binary string is used.
const ANY_CODE_POINTS = fc.string({ unit: 'binary', maxLength: 20 });
const SURROGATES = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 3 });

export function nastyString(maxLength = 1_000): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...GROWING), fc.constantFrom(maxLength, maxLength + 1)).map(([u, n]) => fill(u, n)),
    },
    { weight: 1, arbitrary: ANY_CODE_POINTS },
    { weight: 1, arbitrary: SURROGATES },
  );
}

const byPattern = new Map<string, fc.Arbitrary<string>>();

/**
 * Strings matching `pattern`, made once per pattern (fast-check builds tables for a character class
 * the first time it is used). Lookaheads, which fast-check cannot generate from, are dropped and
 * checked afterwards; a pattern of one negated class is generated as text and checked.
 */
function matching(pattern: string): fc.Arbitrary<string> {
  let arbitrary = byPattern.get(pattern);
  if (arbitrary) return arbitrary;
  const full = new RegExp(pattern);
  if (/^\^\[\^[^\]]*\]\*\$$/.test(pattern)) arbitrary = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => full.test(s));
  else {
    try {
      arbitrary = fc.stringMatching(full);
    } catch {
      arbitrary = fc.stringMatching(new RegExp(pattern.replace(/\(\?[=!][^)]*\)/g, ''))).filter((s) => full.test(s));
    }
  }
  byPattern.set(pattern, arbitrary);
  return arbitrary;
}

const EMAIL = fc.stringMatching(/^[a-z0-9]{1,12}(\.[a-z0-9]{1,5})?@[a-z]{1,10}\.(com|org|fr)$/);
/** ISO instants over the years every database stores (0000 to 9999). */
const DATE_TIME = fc
  .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 1_000;
  const within = (v: string) => v.length >= min && v.length <= max;
  // Cut rather than filtered: fast-check sometimes makes long ones, and filtering them can take seconds.
  const cut = (v: string) => (v.length > max ? v.slice(0, max) : v);
  if (s.format === 'email') return EMAIL.map(cut).filter(within);
  if (s.format === 'date-time') return DATE_TIME;
  if (s.pattern) return matching(s.pattern).map(cut).filter(within);
  const short = Math.min(max, 40);
  // Both edges of the length range, in ASCII and in characters of two UTF-16 units.
  const edges = fc.tuple(fc.constantFrom('x', 'é', '😀'), fc.constantFrom(min, max)).map(([u, n]) => fill(u, n));
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: short }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: short }) },
      { weight: 1, arbitrary: edges },
    )
    .map(cut)
    .filter(within);
}

function validInteger(s: JsonSchema): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -INT32);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : INT32 - 1);
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 50) }) },
    { weight: 2, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

/** A value `schema` accepts; `name` (the property or parameter) picks known values from `hints` now and then. */
export function valid(doc: Document, schema: JsonSchema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const known = name ? hints[name] : undefined;
  const plain = validPlain(doc, s, hints);
  return known?.length ? fc.oneof({ weight: 1, arbitrary: plain }, { weight: 2, arbitrary: fc.constantFrom(...known) }) : plain;
}

function validPlain(doc: Document, s: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valid(doc, a, hints)));
  if (s.allOf) return valid(doc, merge(doc, s.allOf), hints);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => validPlain(doc, { ...s, type }, hints)));
  switch (types[0]) {
    case 'string':
      return validString(s);
    case 'integer':
      return validInteger(s);
    case 'number':
      return fc.double({ min: s.minimum, max: s.maximum, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? valid(doc, s.items, hints) : fc.jsonValue(), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 5, 5),
      });
    case 'object': {
      const properties = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, p]) => [key, valid(doc, p, hints, key)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The schemas of `allOf` as one object schema. */
function merge(doc: Document, parts: JsonSchema[]): JsonSchema {
  const resolved = parts.map((p) => resolve(doc, p));
  return {
    type: 'object',
    properties: Object.assign({}, ...resolved.map((p) => p.properties ?? {})),
    required: resolved.flatMap((p) => p.required ?? []),
  };
}

const OTHER_TYPES: Record<string, unknown[]> = {
  string: [0, -1, 1.5, true, null, [], {}, ['a'], { a: 'b' }],
  integer: ['1', '', 1.5, -0.5, true, null, [], {}, 1e20, 2 ** 53 + 2, -(2 ** 63)],
  number: ['1', true, null, [], {}],
  boolean: ['true', 'false', 0, 1, null, [], {}],
  object: [null, [], 'x', 0, true, [{}]],
  array: [null, {}, 'x', 0],
};

/** A value `schema` refuses (or, for text without constraints, one every text field must survive). */
export function invalid(doc: Document, schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const type = typesOf(s)[0] ?? (s.enum ? 'string' : 'object');
  const wrongType = fc.constantFrom(...(OTHER_TYPES[type] ?? [null]));
  const specific: fc.Arbitrary<unknown>[] = [];
  if (s.enum) specific.push(fc.constantFrom(...s.enum.map((v) => String(v).toUpperCase()), 'other', ''));
  if (type === 'string') {
    specific.push(nastyString(s.maxLength));
    if (s.maxLength !== undefined) specific.push(fc.constantFrom(s.maxLength + 1, 100_000).map((n) => fill('y', n)));
    if (s.minLength) specific.push(fc.constant(fill('z', s.minLength - 1)));
  }
  if (type === 'integer' || type === 'number') {
    const edges = [-1, 0, INT32 - 1, INT32, 2 ** 32, 2 ** 53, -INT32 - 1];
    if (s.minimum !== undefined) edges.push(s.minimum - 1);
    if (s.maximum !== undefined) edges.push(s.maximum + 1);
    specific.push(fc.constantFrom(...edges));
  }
  if (type === 'object' && s.properties) {
    const properties = s.properties;
    const keys = Object.keys(properties);
    const base = validPlain(doc, s, hints) as fc.Arbitrary<Record<string, unknown>>;
    const required = s.required ?? [];
    if (required.length) {
      specific.push(
        fc.tuple(base, fc.constantFrom(...required)).map(([v, key]) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== key))),
      );
    }
    specific.push(base.map((v) => ({ ...v, unexpected: 'field' })));
    // An own "__proto__" key, as JSON.parse makes it: it must not reach the object's prototype.
    specific.push(base.map((v) => Object.assign(JSON.parse('{"__proto__":{"role":"admin"}}') as object, v)));
    // One property replaced by a value it refuses.
    for (const key of keys) specific.push(fc.tuple(base, invalid(doc, properties[key], hints)).map(([v, bad]) => ({ ...v, [key]: bad })));
  }
  return fc.oneof({ weight: 1, arbitrary: wrongType }, ...specific.map((arbitrary) => ({ weight: 2, arbitrary })));
}
