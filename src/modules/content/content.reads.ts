/**
 * The hot public reads (one item by id or slug, the paginated list) as typed Kysely queries,
 * compiled here and run by `read` on the driver itself (`src/db/read.ts`): the entity path costs
 * 2-3x more per request, Kysely's own executor most of a one-row read (issue 4's measurements).
 * Writes use the entities.
 */
import type { InferKyselyDB, SqlEntityManager } from '@mikro-orm/sql';
import type { ReadFn } from '../../db/read.ts';
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Content, ContentStatus, ContentType } from '../../db/entities/index.ts';
import type { ContentSummaryView, ContentView } from './content.schemas.ts';
import { fold } from './slug.ts';

type Db = InferKyselyDB<typeof Content>;
type Row = Db['content'];

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

const SUMMARY = [
  'id',
  'slug',
  'title',
  'excerpt',
  'type',
  'status',
  'author_id',
  'published_at',
  'created_at',
  'updated_at',
  'version',
] as const;

function kysely(em: SqlEntityManager) {
  return em.getKysely<Db>();
}

/** One item by numeric id or by slug, if its status is visible to the caller. */
export async function findContent(
  em: SqlEntityManager,
  read: ReadFn,
  idOrSlug: string,
  visible: readonly ContentStatus[],
): Promise<ContentView | null> {
  const byId = /^\d+$/.test(idOrSlug);
  const parameters = [byId ? Number(idOrSlug) : idOrSlug, ...visible];
  const query = itemQuery(em, read, byId, visible);
  const bound: typeof query = { ...query, parameters };
  const [row] = await read(bound);
  return row ? { ...toSummary(row), body: row.body } : null;
}

const itemQueries = new WeakMap<ReadFn, Map<string, ReturnType<typeof compileItemQuery>>>();

/**
 * The item query compiled once per database and shape (by id or by slug, how many statuses) and
 * bound anew per request: compiling costs about 5 us, a sixth of the slug read's own work.
 */
function itemQuery(em: SqlEntityManager, read: ReadFn, byId: boolean, visible: readonly ContentStatus[]) {
  let shapes = itemQueries.get(read);
  if (!shapes) itemQueries.set(read, (shapes = new Map()));
  const key = `${byId}:${visible.length}`;
  let query = shapes.get(key);
  if (!query) shapes.set(key, (query = compileItemQuery(em, byId, visible)));
  return query;
}

function compileItemQuery(em: SqlEntityManager, byId: boolean, visible: readonly ContentStatus[]) {
  const probe = byId ? 0 : '';
  const query = kysely(em)
    .selectFrom('content')
    .select([...SUMMARY, 'body'])
    .where(byId ? 'id' : 'slug', '=', probe)
    // No LIMIT: id and slug are unique, and a bound LIMIT costs SQLite about 10 us per query.
    .where('status', 'in', visible)
    .compile();
  // findContent binds [id or slug, ...statuses]: the order Kysely must have compiled them in.
  if (query.parameters.length !== visible.length + 1 || query.parameters[0] !== probe) {
    throw new Error('The content item query binds its parameters in an unexpected order');
  }
  return query;
}

/** One page, newest first, and the total matching the same filters. */
export async function listContent(
  em: SqlEntityManager,
  read: ReadFn,
  filter: ListFilter,
): Promise<{ items: ContentSummaryView[]; total: number }> {
  const base = applyFilter(kysely(em).selectFrom('content'), filter);
  const [rows, [count]] = await Promise.all([
    read(
      base
        .select(SUMMARY)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.perPage)
        .offset((filter.page - 1) * filter.perPage)
        .compile(),
    ),
    read(base.select((eb) => eb.fn.countAll().as('total')).compile()),
  ]);
  return { items: rows.map(toSummary), total: Number(count.total) };
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

type SummaryRow = Pick<Selectable<Row>, (typeof SUMMARY)[number]>;

function toSummary(row: SummaryRow): ContentSummaryView {
  return {
    id: Number(row.id),
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    type: row.type,
    status: row.status,
    authorId: row.author_id == null ? null : Number(row.author_id),
    publishedAt: row.published_at == null ? null : iso(row.published_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    version: Number(row.version),
  };
}

/** Drivers hand datetimes back as Date (pg, mysql2) or as stored text/epoch numbers (SQLite). */
function iso(value: Date | string | number): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value).toISOString();
}
