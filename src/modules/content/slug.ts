/** Slugs: lower-case ASCII words joined by hyphens, with at least one letter so they never read as an id. */
export const SLUG_PATTERN = /^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 200;
/** Room left for a `-N` suffix when the slug comes from a title. */
const BASE_MAX = SLUG_MAX - 10;

// Letters NFKD does not decompose into ASCII.
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };
// Built from the keys rather than written as a literal: esbuild escapes strings, not regular
// expressions, and one non-ASCII character makes V8 hold the whole bundled chunk as UTF-16.
const SPECIAL_LETTERS = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/** Lower case without accents (`Crème ÉTÉ` -> `creme ete`): what slugs and title search compare. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(SPECIAL_LETTERS, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** `Crème brûlée à Paris!` -> `creme-brulee-a-paris`; a title without letters gets `fallback-` in front. */
export function slugify(title: string, fallback: string): string {
  let slug = fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, BASE_MAX)
    .replace(/^-+|-+$/g, '');
  if (!/[a-z]/.test(slug)) slug = slug ? `${fallback}-${slug}` : fallback;
  return slug;
}

/** The next free slug for `base` given the taken ones: base, base-2, base-3, ... */
export function nextSlug(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  const suffix = new RegExp(`^${base}-(\\d+)$`);
  const highest = taken.reduce((max, slug) => Math.max(max, Number(suffix.exec(slug)?.[1] ?? 1)), 1);
  return `${base}-${highest + 1}`;
}
