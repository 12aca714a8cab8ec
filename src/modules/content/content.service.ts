/**
 * Content writes through the entities, each with its audit event in the same transaction. Each
 * answers the written row as a `ContentRecord`, which `toContentView` turns into the API shape.
 */
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

import { Content, type ContentStatus, type ContentType } from '../../db/entities/index.ts';
import { compiledInsert } from '../../db/insert.ts';
import { insertTransaction, retryTransaction } from '../../db/transactions.ts';
import { ProblemError } from '../../http/problem.ts';
import { type AuditAction, insertAudit, recordAudit } from '../audit/audit.service.ts';
import type { ContentRecord, ContentRepository } from './content.repository.ts';
import { EXCERPT_LENGTH } from './content.schemas.ts';
import { checkIfMatch, stale } from './etag.ts';
import { fold, nextSlug, slugify } from './slug.ts';

/** The content row a creation inserts (exported for its test against em.insert). */
export const insertContent = compiledInsert('content', [
  'slug',
  'title',
  'search_text',
  'body',
  'excerpt',
  'type',
  'status',
  'author_id',
  'published_at',
  'created_at',
  'updated_at',
  'version',
]);

/** Concurrent creates of one title each lose at most one race per winner; this bounds the retries. */
const SLUG_ATTEMPTS = 50;

export interface Actor {
  id: number;
  ip?: string;
  now: Date;
}

export interface NewContent {
  title: string;
  body: string;
  excerpt?: string;
  type: ContentType;
  status: ContentStatus;
  slug?: string;
}

export type ContentChanges = Partial<Pick<NewContent, 'title' | 'body' | 'excerpt' | 'type' | 'slug'>>;

/** Inserts content; a generated slug takes the next free suffix and retries when a parallel create took it. */
export async function createContent(
  em: SqlEntityManager,
  content: ContentRepository,
  input: NewContent,
  actor: Actor,
): Promise<ContentRecord & { body: string }> {
  const base = input.slug ?? slugify(input.title, input.type);
  for (let attempt = 1; ; attempt++) {
    const slug = input.slug ?? nextSlug(base, await content.takenSlugs(base));
    try {
      return await insertTransaction(em, async (tx) => {
        // Two INSERT statements written once (compiledInsert), not the unit of work: creation is the
        // hot write, and create + flush costs several times the CPU; for the same reason no
        // unit-of-work transaction.
        const now = new Date();
        const fields = {
          slug,
          title: input.title,
          searchText: fold(input.title),
          body: input.body,
          excerpt: input.excerpt ?? excerptOf(input.body),
          type: input.type,
          status: input.status,
          publishedAt: input.status === 'published' ? actor.now : null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        const id = await insertContent(tx, {
          slug,
          title: fields.title,
          search_text: fields.searchText,
          body: fields.body,
          excerpt: fields.excerpt,
          type: fields.type,
          status: fields.status,
          author_id: actor.id,
          published_at: fields.publishedAt,
          created_at: now,
          updated_at: now,
          version: 1,
        });
        await insertAudit(tx, {
          action: 'content.created',
          at: actor.now,
          actorId: actor.id,
          targetType: 'content',
          targetId: id,
          ip: actor.ip,
          details: { slug, status: input.status },
        });
        return { ...fields, id, authorId: actor.id };
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      if (input.slug || attempt >= SLUG_ATTEMPTS) throw slugTaken(slug);
    }
  }
}

/** Applies `changes` if `ifMatch` names the current version; 412 on a stale or racing write. */
export async function updateContent(em: SqlEntityManager, id: number, changes: ContentChanges, ifMatch: string | undefined, actor: Actor) {
  return write(em, id, ifMatch, true, actor, (content) => {
    const keys = Object.keys(changes) as (keyof ContentChanges)[];
    const changed = keys.filter((k) => changes[k] !== undefined && changes[k] !== content[k]);
    // An excerpt that was derived from the body follows the body; one written by hand stays.
    if (changes.body !== undefined && changes.excerpt === undefined && content.excerpt === excerptOf(content.body)) {
      content.excerpt = excerptOf(changes.body);
    }
    for (const key of changed) content[key] = changes[key] as never;
    if (changes.title !== undefined) content.searchText = fold(changes.title);
    return ['content.updated', { changed }];
  });
}

const TRANSITIONS = { published: ['draft', 'archived'], archived: ['draft', 'published'] } as const;

/** draft|archived -> published (publishedAt set on the first publication), draft|published -> archived. */
export async function transitionContent(
  em: SqlEntityManager,
  id: number,
  to: 'published' | 'archived',
  ifMatch: string | undefined,
  actor: Actor,
) {
  return write(em, id, ifMatch, false, actor, (content) => {
    const from = content.status;
    if (!(TRANSITIONS[to] as readonly string[]).includes(from)) {
      throw new ProblemError({ status: 409, detail: `The content is already ${from}` });
    }
    content.status = to;
    if (to === 'published') content.publishedAt ??= actor.now;
    return [to === 'published' ? 'content.published' : 'content.archived', { from }];
  });
}

export async function deleteContent(em: SqlEntityManager, id: number, ifMatch: string | undefined, actor: Actor): Promise<void> {
  await retryTransaction(() =>
    em.fork().transactional(async (t) => {
      const content = await mustFind(t, id);
      checkIfMatch(ifMatch, content.id, content.version, false);
      audit(t, 'content.deleted', content, actor, { slug: content.slug, title: content.title });
      t.remove(content);
    }),
  );
}

type Change = (content: Content) => [AuditAction, Record<string, unknown>];

async function write(
  em: SqlEntityManager,
  id: number,
  ifMatch: string | undefined,
  required: boolean,
  actor: Actor,
  change: Change,
): Promise<ContentRecord & { body: string }> {
  try {
    // On SQLite another connection's commit after the read stops the write before it runs: the rerun
    // reads again, and checkIfMatch answers for the newer version.
    return await retryTransaction(() =>
      em.fork().transactional(async (t) => {
        const content = await mustFind(t, id);
        checkIfMatch(ifMatch, content.id, content.version, required);
        const [action, details] = change(content);
        // A write that raced past checkIfMatch is caught by the version check in the UPDATE's WHERE,
        // for which MikroORM raises OptimisticLockError.
        await t.flush();
        audit(t, action, content, actor, details);
        return { ...content, authorId: content.author?.id ?? null };
      }),
    );
  } catch (error) {
    if (error instanceof OptimisticLockError) throw stale();
    if (error instanceof UniqueConstraintViolationException) throw slugTaken('requested');
    throw error;
  }
}

async function mustFind(em: SqlEntityManager, id: number): Promise<Content> {
  const content = await em.findOne(Content, { id });
  if (!content) throw new ProblemError({ status: 404, detail: `No content with id ${id}` });
  return content;
}

function audit(em: SqlEntityManager, action: AuditAction, content: Content, actor: Actor, details: Record<string, unknown>): void {
  recordAudit(em, { action, at: actor.now, actorId: actor.id, targetType: 'content', targetId: content.id, ip: actor.ip, details });
}

function excerptOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  // Never half of a character of two UTF-16 units: the drivers would store U+FFFD for it.
  const cut = text.slice(0, EXCERPT_LENGTH - 1).replace(/[\ud800-\udbff]$/, '');
  return text.length <= EXCERPT_LENGTH ? text : `${cut.trimEnd()}…`;
}

function slugTaken(slug: string): ProblemError {
  return new ProblemError({
    status: 409,
    detail: `The slug ${slug === 'requested' ? 'requested' : `"${slug}"`} is already taken`,
    extra: { errors: [{ path: 'slug', message: 'already taken' }] },
  });
}
