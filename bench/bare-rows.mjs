// @ts-check
/**
 * What the bench's yardsticks (bare-server.mjs, hono-floor.mjs) share: the SQL placeholders pg
 * needs, and how a content row is read and shaped as the app's JSON (the columns of a summary and
 * each field's conversion). Plain JavaScript, so a yardstick that imports it pays no type stripping
 * at start.
 */

/** A datetime as the drivers hand it (a Date, or SQLite's stored text or epoch number), as ISO 8601. */
export const iso = (/** @type {unknown} */ v) =>
  v == null
    ? null
    : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : /** @type {string | number | Date} */ (v)).toISOString();

export const SUMMARY = 'id, slug, title, excerpt, type, status, author_id, published_at, created_at, updated_at, version';

/** @param {Record<string, any>} r */
export const summary = (r) => ({
  id: Number(r.id),
  slug: r.slug,
  title: r.title,
  excerpt: r.excerpt,
  type: r.type,
  status: r.status,
  authorId: r.author_id == null ? null : Number(r.author_id),
  publishedAt: iso(r.published_at),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  version: Number(r.version),
});

/** `?` placeholders as pg's `$1, $2...`, each SQL text converted once. */
export function pgPlaceholders() {
  /** @type {Map<string, string>} */
  const numbered = new Map();
  return (/** @type {string} */ sql) => {
    let out = numbered.get(sql);
    if (!out) {
      let n = 0;
      numbered.set(sql, (out = sql.replace(/\?/g, () => `$${++n}`)));
    }
    return out;
  };
}
