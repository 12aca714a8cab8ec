import type { Content } from '../../db/entities/index.ts';
import type { ContentView } from './content.schemas.ts';

/** The API shape of a content entity (the reads build the same shape from rows). */
export function toView(content: Content | (Omit<Content, 'author'> & { authorId: number })): ContentView {
  return {
    id: content.id,
    slug: content.slug,
    title: content.title,
    body: content.body,
    excerpt: content.excerpt,
    type: content.type,
    status: content.status,
    authorId: 'authorId' in content ? content.authorId : (content.author?.id ?? null),
    publishedAt: content.publishedAt?.toISOString() ?? null,
    createdAt: content.createdAt.toISOString(),
    updatedAt: content.updatedAt.toISOString(),
    version: content.version,
  };
}
