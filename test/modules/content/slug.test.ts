import { describe, expect, it } from 'vitest';

import { nextSlug, SLUG_MAX, SLUG_PATTERN, slugify } from '#src/modules/content/slug.ts';

describe('slugify', () => {
  it('transliterates accents and special letters, lower-cases and joins words with single hyphens', () => {
    expect(slugify('  Crème Brûlée — à Paris!! ', 'post')).toBe('creme-brulee-a-paris');
    expect(slugify('Straße, Œuvre & Ærø Łódź', 'post')).toBe('strasse-oeuvre-aero-lodz');
    expect(slugify('C++ / Node.js_24', 'post')).toBe('c-node-js-24');
  });

  it('puts the fallback in front of a title without letters, so the slug never reads as an id', () => {
    expect(slugify('2024', 'page')).toBe('page-2024');
    expect(slugify('!!!', 'article')).toBe('article');
    expect(slugify('日本語', 'post')).toBe('post');
  });

  it('leaves room for a suffix and never ends with a hyphen', () => {
    const slug = slugify(`${'word '.repeat(100)}`, 'post');
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX - 10);
    expect(slug).toMatch(SLUG_PATTERN);
  });
});

describe('nextSlug', () => {
  it('answers the base while free, then one past the highest numeric suffix', () => {
    expect(nextSlug('hello', [])).toBe('hello');
    expect(nextSlug('hello', ['hello-2'])).toBe('hello');
    expect(nextSlug('hello', ['hello'])).toBe('hello-2');
    expect(nextSlug('hello', ['hello', 'hello-2', 'hello-7', 'hello-world-9'])).toBe('hello-8');
  });
});

describe('SLUG_PATTERN', () => {
  it('accepts lower-case words joined by single hyphens with at least one letter', () => {
    for (const ok of ['a', 'post-2', '2-a', 'hello-world']) expect(ok).toMatch(SLUG_PATTERN);
    for (const bad of ['', '123', 'Hello', 'a--b', '-a', 'a-', 'a_b', 'é']) expect(bad).not.toMatch(SLUG_PATTERN);
  });
});
