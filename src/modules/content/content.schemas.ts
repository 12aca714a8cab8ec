import { z } from '@hono/zod-openapi';

import { CONTENT_STATUSES, CONTENT_TYPES } from '../../db/entities/index.ts';
import { INT_MAX, pageQuery, positiveInt, text } from '../../http/fields.ts';
import { SLUG_MAX, SLUG_PATTERN } from './slug.ts';

export const EXCERPT_LENGTH = 200;

const Slug = text()
  .max(SLUG_MAX)
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens, with at least one letter')
  .openapi({ example: 'creme-brulee' });

const fields = {
  title: text().trim().min(1).max(200),
  body: text().max(1_000_000),
  excerpt: text()
    .max(300)
    .openapi({ description: `Defaults to the first ${EXCERPT_LENGTH} characters of the body` }),
  type: z.enum(CONTENT_TYPES),
  slug: Slug,
};

export const CreateContentBody = z
  .object({
    ...fields,
    body: fields.body.default(''),
    excerpt: fields.excerpt.optional(),
    type: fields.type.default('post'),
    slug: Slug.optional().openapi({ description: 'Generated from the title (with -2, -3... when taken) unless given' }),
    status: z.enum(CONTENT_STATUSES).default('draft'),
  })
  .openapi('NewContent');

export const PatchContentBody = z
  .strictObject({
    title: fields.title.optional(),
    body: fields.body.optional(),
    excerpt: fields.excerpt.optional(),
    type: fields.type.optional(),
    slug: Slug.optional(),
  })
  .openapi('ContentPatch', { description: 'Status changes go through /publish and /archive' });

export const ContentListQuery = z.object({
  ...pageQuery,
  status: z.enum(CONTENT_STATUSES).optional().openapi({ description: 'Anonymous callers and members only ever see published items' }),
  type: z.enum(CONTENT_TYPES).optional(),
  q: text().trim().min(1).max(200).optional().openapi({ description: 'Case-insensitive search in the title' }),
  author: positiveInt().optional().openapi({ description: 'Author user id' }),
});

const summary = {
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  excerpt: z.string(),
  type: z.enum(CONTENT_TYPES),
  status: z.enum(CONTENT_STATUSES),
  authorId: z.number().int().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
};

const ContentSummarySchema = z.object(summary).openapi('ContentSummary');
export const ContentSchema = z.object({ ...summary, body: z.string() }).openapi('Content');
export const ContentListSchema = z
  .object({ items: z.array(ContentSummarySchema), page: z.number().int(), perPage: z.number().int(), total: z.number().int() })
  .openapi('ContentList');

export type ContentSummaryView = z.infer<typeof ContentSummarySchema>;
export type ContentView = z.infer<typeof ContentSchema>;

/** Digits name an id (so they must fit the column), anything else a slug. */
const isIdOrSlug = (s: string) => !/^\d+$/.test(s) || (Number(s) >= 1 && Number(s) <= INT_MAX);

/** `{id}` of the reads: an id or a slug, at the path position where the writes take an id. */
export const IdOrSlugParam = z.object({
  id: text()
    .max(SLUG_MAX)
    .refine(isIdOrSlug, `A numeric id must be from 1 to ${INT_MAX}`)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'A numeric id or a slug', example: 'creme-brulee' }),
});
