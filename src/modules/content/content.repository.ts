/**
 * The content reads (one item by id or slug, the paginated list, the slugs a creation must avoid)
 * as typed Kysely queries, run by `Orm.read` on the driver itself: the entity path costs 2-3x more
 * per request, Kysely's own executor most of a one-row read. They need no EntityManager, so a public
 * read forks none. `toContentView` is the one mapper to the API shape, for these rows and for what
 * the writes (`content.service.ts`) hold.
 */
import type { InferKyselyDB } from '@mikro-orm/sql';
import { type CompiledQuery, type SelectQueryBuilder, sql } from 'kysely';

import type { Content, ContentStatus, ContentType } from '../../db/entities/index.ts';
import type { Orm } from '../../db/orm.ts';
import { pageWindow } from '../../db/pagination.ts';
import { dateOf, queryBuilder, type ReadFn } from '../../db/read.ts';
import type { ContentSummaryView, ContentView } from './content.schemas.ts';
import { fold } from './slug.ts';

type Db = InferKyselyDB<typeof Content>;

export interface ListFilter {
  page: number;
  perPage: number;
  /** Only these statuses are visible to the caller (published for the public). */
  visible: readonly ContentStatus[];
  status?: ContentStatus;
  type?: ContentType;
  q?: string;
  author?: number;
}

/**
 * A content row under the API's names, as the reads select it (ids and dates as the driver hands
 * them back) or as a write holds it (an entity with its `authorId`). With a body it is an item,
 * without one a list entry.
 */
export interface ContentRecord {
  id: number | string;
  slug: string;
  title: string;
  excerpt: string;
  type: ContentType;
  status: ContentStatus;
  authorId: number | string | null;
  publishedAt?: Date | string | number | null;
  createdAt: Date | string | number;
  updatedAt: Date | string | number;
  version: number | string;
  body?: string;
}

export interface ContentRepository {
  /** One item by numeric id or by slug, if its status is visible to the caller. */
  find(idOrSlug: string, visible: readonly ContentStatus[]): Promise<ContentView | null>;
  /** One page, newest first, and the total matching the same filters. */
  list(filter: ListFilter): Promise<{ items: ContentSummaryView[]; total: number }>;
  /** The slugs taken by `base` and its numbered variants (`base-2`, ...). */
  takenSlugs(base: string): Promise<string[]>;
}

const SUMMARY = [
  'id',
  'slug',
  'title',
  'excerpt',
  'type',
  'status',
  'author_id as authorId',
  'published_at as publishedAt',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'version',
] as const;

/**
 * The content reads of `orm`, the item query compiled once per shape, run by `read` (the primary's
 * reader by default; `orm.readReplica` for anonymous callers).
 */
export function createContentRepository(orm: Orm, read: ReadFn = orm.read): ContentRepository {
  const db = () => queryBuilder<Db>(orm);
  const itemQueries = new Map<string, Awaited<ReturnType<typeof compileItemQuery>>>();
  let takenQuery: Promise<CompiledQuery<{ slug: string }>> | undefined;

  /**
   * The item query compiled once per shape (by id or by slug, how many statuses) and bound anew
   * per request: compiling costs about 5 us, a sixth of the slug read's own work.
   */
  async function compileItemQuery(byId: boolean, visible: readonly ContentStatus[]) {
    const probe = byId ? 0 : '';
    const query = (await db())
      .selectFrom('content')
      .select([...SUMMARY, 'body'])
      .where(byId ? 'id' : 'slug', '=', probe)
      // No LIMIT: id and slug are unique, and a bound LIMIT costs SQLite about 10 us per query.
      .where('status', 'in', visible)
      .compile();
    // find() binds [id or slug, ...statuses]: the order Kysely must have compiled them in.
    if (query.parameters.length !== visible.length + 1 || query.parameters[0] !== probe) {
      throw new Error('The content item query binds its parameters in an unexpected order');
    }
    return query;
  }

  return {
    async find(idOrSlug, visible) {
      const byId = /^\d+$/.test(idOrSlug);
      const key = `${byId}:${visible.length}`;
      let query = itemQueries.get(key);
      if (!query) itemQueries.set(key, (query = await compileItemQuery(byId, visible)));
      const bound: typeof query = { ...query, parameters: [byId ? Number(idOrSlug) : idOrSlug, ...visible] };
      const [row] = await read(bound);
      return row ? toContentView(row) : null;
    },

    async list(filter) {
      const base = applyFilter((await db()).selectFrom('content'), filter);
      const { limit, offset } = pageWindow(filter);
      const [rows, [count]] = await Promise.all([
        read(base.select(SUMMARY).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).compile()),
        read(base.select((eb) => eb.fn.countAll().as('total')).compile()),
      ]);
      return { items: rows.map((row) => toContentView(row)), total: Number(count.total) };
    },

    async takenSlugs(base) {
      // Compiled once, bound per creation: building it cost a creation about 3% of its CPU.
      takenQuery ??= (async () => {
        const query = (await db())
          .selectFrom('content')
          .select('slug')
          .where((eb) => eb.or([eb('slug', '=', 'a'), eb('slug', 'like', 'a-%')]))
          .compile();
        if (query.parameters.length !== 2 || query.parameters[0] !== 'a')
          throw new Error('The taken slugs query binds its parameters in an unexpected order');
        return query;
      })();
      const query = await takenQuery;
      // `base` is a slugified title ([a-z0-9-]), so it holds no LIKE wildcard.
      const bound: typeof query = { ...query, parameters: [base, `${base}-%`] };
      return (await read(bound)).map((row) => row.slug);
    },
  };
}

function applyFilter<O>(query: SelectQueryBuilder<Db, 'content', O>, filter: ListFilter): SelectQueryBuilder<Db, 'content', O> {
  let q = query.where('status', 'in', filter.visible);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.author) q = q.where('author_id', '=', filter.author);
  if (filter.q) {
    // search_text is folded by the app: LIKE's case rules differ per database (and SQLite's lower() only knows ASCII).
    const pattern = `%${fold(filter.q).replace(/[!%_]/g, '!$&')}%`;
    q = q.where(sql<boolean>`${sql.ref('search_text')} like ${pattern} escape '!'`);
  }
  return q;
}

/** The API shape of a content row: an item with its body, a list entry without. */
export function toContentView(record: ContentRecord & { body: string }): ContentView;
export function toContentView(record: ContentRecord): ContentSummaryView;
export function toContentView(record: ContentRecord): ContentSummaryView | ContentView {
  const view: ContentSummaryView = {
    id: Number(record.id),
    slug: record.slug,
    title: record.title,
    excerpt: record.excerpt,
    type: record.type,
    status: record.status,
    authorId: record.authorId == null ? null : Number(record.authorId),
    publishedAt: record.publishedAt == null ? null : iso(record.publishedAt),
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    version: Number(record.version),
  };
  return record.body === undefined ? view : { ...view, body: record.body };
}

/** Writes hold Dates; drivers hand datetimes back as Date (pg, mysql2) or as stored text or epoch numbers (SQLite). */
function iso(value: Date | string | number): string {
  return dateOf(value).toISOString();
}
