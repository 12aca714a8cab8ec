import type { Content } from '../../db/entities/index.ts';
import type { ContentView } from './content.schemas.ts';

/** The API shape of a content entity (the reads build the same shape from rows). */
/** An entity, or the fields a creation inserted with its author as `{ id }`. */
export type ContentFields = Omit<Content, 'author'> & { author?: { id: number } | null };

export function toView(content: ContentFields): ContentView {
  return {
    id: content.id,
    slug: content.slug,
    title: content.title,
    body: content.body,
    excerpt: content.excerpt,
    type: content.type,
    status: content.status,
    authorId: content.author?.id ?? null,
    publishedAt: content.publishedAt?.toISOString() ?? null,
    createdAt: content.createdAt.toISOString(),
    updatedAt: content.updatedAt.toISOString(),
    version: content.version,
  };
}
