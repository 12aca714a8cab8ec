/**
 * The building blocks of every request schema: text that each driver stores as it is, and integers
 * that fit the columns they are compared with. Modules compose their schemas from these, so a value
 * a driver would refuse (a NUL byte, an unpaired surrogate, an id past the column's range) is a 422
 * naming the field, never a database error.
 */
import { z } from '@hono/zod-openapi';

/**
 * The largest value of the id and integer columns: PostgreSQL's `serial` and `int` (MariaDB's
 * unsigned ids go further, SQLite's to 2^63-1; the smallest range is the one every database takes).
 */
export const INT_MAX = 2_147_483_647;

export const TEXT_MESSAGE = 'Must be text without NUL characters or unpaired UTF-16 surrogates';

/**
 * Whether every driver stores `s` unchanged: PostgreSQL refuses NUL in text and `\u0000` or an
 * unpaired surrogate escape in JSON, and the UTF-8 encoders of all three drivers replace an
 * unpaired surrogate.
 */
function storable(s: string): boolean {
  return s.isWellFormed() && !s.includes('\u0000');
}

/** A string schema (`z.string()`, `z.email()`...) that also refuses what `storable` refuses. */
function storableText<T extends z.ZodType<string, string>>(schema: T): T {
  return schema.refine(storable, TEXT_MESSAGE) as T;
}

/** Request text: any string every database stores as sent. Chain `.trim()`, `.min()`, `.max()`, `.regex()` after it. */
export function text(): z.ZodString {
  return storableText(z.string());
}

/** An email address (checked by zod's address pattern), up to 254 characters. */
export function email() {
  return storableText(z.email()).max(254);
}

/**
 * An ISO 8601 instant (a UTC offset or Z) in the years every database takes: MariaDB's DATETIME
 * holds 1000 to 9999, and PostgreSQL refuses year 0 (the fuzzer's `from=0000-01-01T00:00:00Z`
 * answered 500 there).
 */
export function instant() {
  return storableText(z.iso.datetime({ offset: true })).refine((s) => {
    const year = new Date(s).getUTCFullYear();
    // Not a date at all: the format check above already says so.
    return Number.isNaN(year) || (year >= 1000 && year <= 9999);
  }, 'Must be an instant in the years 1000 to 9999');
}

/**
 * A positive integer from a path or query string (`"12"` -> 12) within an int column's range: ids,
 * author and actor filters, page numbers.
 */
export function positiveInt(): z.ZodCoercedNumber<unknown> {
  return z.coerce.number().int().min(1).max(INT_MAX);
}

/** `page` and `perPage` for a paginated list's query. */
export const pageQuery = {
  page: positiveInt().default(1),
  perPage: positiveInt().max(100).default(20),
};

/** `{ id }` from the path, a positive id within the column's range. */
export const IdParam = z.object({
  id: positiveInt().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
