/**
 * Account reads, and the mappers of an account to the API shapes (the public one, and the
 * administrator's, which extends it) that every answer carrying an account goes through.
 * `signedIn` runs on every authenticated request, so it is a typed query on the driver
 * (`Orm.read`), mapped to a plain `SignedIn`: the entity query path costs several times more CPU,
 * and mapping the row into the EntityManager alone (`em.map`) about 25 us, which only the few routes
 * that change the account need (`SignedIn.managed`). The rest are entity reads.
 */
import { type FilterQuery, raw } from '@mikro-orm/core';
import type { InferKyselyDB, SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';

import { type Language, type Role, User, UserPreferences } from '../../db/entities/index.ts';
import type { Orm } from '../../db/orm.ts';
import { pageWindow } from '../../db/pagination.ts';
import { dateOf, queryBuilder } from '../../db/read.ts';
import { ProblemError } from '../../http/problem.ts';
import type { AdminUserView, PublicUser, UserListFilter } from './users.schemas.ts';

type Db = InferKyselyDB<typeof User>;

/** What the API shows of an account (`toPublicUser`): a managed `User` has it, and so has `SignedIn`. */
type PublicFields = Pick<
  User,
  'id' | 'username' | 'email' | 'role' | 'active' | 'emailVerified' | 'twoFactorEnabled' | 'lastLoginAt' | 'createdAt' | 'updatedAt'
>;

/** The signed-in account of a request, as read when its token was checked. */
export interface SignedIn extends Readonly<PublicFields> {
  /** The same account as an entity managed by `em`, for a route that changes it (mapped from the same row, once per call). */
  managed(em: SqlEntityManager): User;
}

export interface UserRepository {
  /** The active, not deleted account `id` (an access token's subject); null when there is none. */
  signedIn(id: number): Promise<SignedIn | null>;
}

/** The account reads that run on the driver, their query compiled on first use. */
export function createUserRepository(orm: Orm): UserRepository {
  let signedIn: Awaited<ReturnType<typeof compileSignedIn>> | undefined;
  return {
    async signedIn(id) {
      signedIn ??= await compileSignedIn(orm);
      const bound: typeof signedIn = { ...signedIn, parameters: [id] };
      const [row] = await orm.read(bound);
      return row ? signedInFrom(row as Record<string, unknown>) : null;
    },
  };
}

/** Booleans come back as 0/1 from SQLite and MariaDB, datetimes as the driver keeps them (`dateOf`). */
function signedInFrom(r: Record<string, unknown>): SignedIn {
  const date = (value: unknown) => dateOf(value as Date | string | number);
  return {
    id: Number(r.id),
    username: r.username as string,
    email: r.email as string,
    role: r.role as Role,
    active: Boolean(r.active),
    emailVerified: Boolean(r.email_verified),
    twoFactorEnabled: Boolean(r.two_factor_enabled),
    lastLoginAt: r.last_login_at == null ? null : date(r.last_login_at),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    managed: (em) => em.map(User, { ...r }),
  };
}

async function compileSignedIn(orm: Orm) {
  const query = (await queryBuilder<Db>(orm))
    .selectFrom('users')
    .selectAll()
    .where('id', '=', 0)
    // A bare column test: SQLite cannot bind a boolean, and PostgreSQL has no boolean = integer.
    .where(sql<boolean>`${sql.ref('active')}`)
    .where('deleted_at', 'is', null)
    .compile();
  if (query.parameters.length !== 1) throw new Error('The signed-in account query binds more than its id');
  return query;
}

/** The account a login names, not deleted: an email when it holds `@` (usernames cannot), else a username. */
export function findByLogin(em: SqlEntityManager, login: string): Promise<User | null> {
  const value = login.trim().toLowerCase();
  return em.findOne(User, value.includes('@') ? { email: value, deletedAt: null } : { username: value, deletedAt: null });
}

/** One account, soft-deleted ones too; 404 when there is none. */
export async function findUser(em: SqlEntityManager, id: number): Promise<User> {
  const user = await em.findOne(User, { id });
  if (!user) throw new ProblemError({ status: 404, detail: `No user with id ${id}` });
  return user;
}

/** One page of accounts, newest first, and the total matching the same filters. */
export async function listUsers(em: SqlEntityManager, filter: UserListFilter): Promise<{ items: AdminUserView[]; total: number }> {
  const where: FilterQuery<User>[] = [];
  if (filter.deleted === 'false') where.push({ deletedAt: null });
  if (filter.deleted === 'only') where.push({ deletedAt: { $ne: null } });
  if (filter.role) where.push({ role: filter.role });
  if (filter.active !== undefined) where.push({ active: filter.active });
  if (filter.q) {
    // Usernames and emails are stored lower-cased; `_` is a username character, so wildcards are escaped.
    const pattern = `%${filter.q.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
    where.push({ [raw((a) => `(${a}.username like ? escape '!' or ${a}.email like ? escape '!')`, [pattern, pattern])]: [] });
  }
  const [rows, total] = await em.findAndCount(User, where.length ? { $and: where } : {}, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    ...pageWindow(filter),
  });
  return { items: rows.map(toAdminUser), total };
}

/** What the API shows of a user: never the hash, the TOTP secret or the lockout counters. */
export function toPublicUser(user: PublicFields): PublicUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    active: user.active,
    emailVerified: user.emailVerified,
    twoFactorEnabled: user.twoFactorEnabled,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function toAdminUser(user: User): AdminUserView {
  return {
    ...toPublicUser(user),
    lastLoginIp: user.lastLoginIp ?? null,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    deletedAt: user.deletedAt?.toISOString() ?? null,
  };
}

/** The language the account chose, if it chose one; mails fall back to the site's `default_language`. */
export async function chosenLanguage(em: SqlEntityManager, userId: number): Promise<Language | undefined> {
  return (await em.fork().findOne(UserPreferences, { user: userId }, { fields: ['language'] }))?.language ?? undefined;
}
