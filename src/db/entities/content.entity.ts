import { defineEntity, type EntityProperty, type InferEntity, p, type Platform, TextType } from '@mikro-orm/core';

import { User } from './user.entity.ts';

export const CONTENT_TYPES = ['post', 'page', 'article'] as const;
export const CONTENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/**
 * Text up to the API's 1,000,000 characters everywhere: MariaDB's and MySQL's `text` holds only
 * 65,535 bytes (a longer body failed there with "Data too long"), so there it is `mediumtext`
 * (16 MiB). They are the databases with unsigned integers.
 */
class LongText extends TextType {
  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform.supportsUnsigned() ? 'mediumtext' : super.getColumnType(prop, platform);
  }
}

/**
 * A post, page or article. The slug is unique (the index decides races between creates); the
 * author becomes null when the user is deleted; `version` backs ETag/If-Match, and flushes check it.
 * Times keep milliseconds: MariaDB's plain datetime drops them, so a read would disagree with the write.
 * (status, created_at, id) serves the list (`status in (...)` ordered by created_at, id, newest first)
 * and every filter on status alone; bench/query-plans.md shows the plans with and without it.
 */
export const Content = defineEntity({
  name: 'Content',
  tableName: 'content',
  indexes: [{ properties: ['status', 'createdAt', 'id'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    slug: p.string().length(200).unique(),
    title: p.string().length(200),
    /** The title folded (lower case, no accents) by the app, so search behaves alike on every database. */
    searchText: p.string().length(400).default(''),
    body: p.type(LongText),
    excerpt: p.string().length(300),
    type: p.enum(CONTENT_TYPES).default('post').index(),
    status: p.enum(CONTENT_STATUSES).default('draft'),
    author: () => p.manyToOne(User).deleteRule('set null').nullable().index(),
    publishedAt: p.datetime(3).nullable(),
    createdAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .index(),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export type Content = InferEntity<typeof Content>;
