/**
 * Administration of accounts: list, change, soft or hard delete. Every change that could take an
 * administrator away (demotion, deactivation, deletion) runs under a row lock on every active
 * administrator, taken in id order, so two admins demoting each other in parallel queue up and
 * the second sees the first's result: there is always an active administrator left.
 */
import { retireUserTokens } from '../auth/user-tokens.ts';
import { LockMode, raw, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { RefreshToken, User } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { PasswordHasher } from '../auth/password.ts';
import type { AdminChanges, UserListFilter } from './admin.schemas.ts';
import { assertFree, conflict } from './users.service.ts';

export interface Actor {
  id: number;
  ip?: string;
  now: Date;
}

/** One page of accounts, newest first, and the total matching the same filters. */
export async function listUsers(em: SqlEntityManager, filter: UserListFilter): Promise<{ items: User[]; total: number }> {
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
  const [items, total] = await em.findAndCount(User, where.length ? { $and: where } : {}, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: filter.perPage,
    offset: (filter.page - 1) * filter.perPage,
  });
  return { items, total };
}

export async function findUser(em: SqlEntityManager, id: number): Promise<User> {
  const user = await em.findOne(User, { id });
  if (!user) throw new ProblemError({ status: 404, detail: `No user with id ${id}` });
  return user;
}

const SELF = 'You cannot demote, deactivate or delete your own account; another administrator can';

/** Applies an administrator's changes; `user.updated` lists the changed fields (never values), which are returned too. */
export async function updateUser(em: SqlEntityManager, id: number, changes: AdminChanges, actor: Actor, hasher: PasswordHasher) {
  if (id === actor.id && changes.password !== undefined) {
    throw new ProblemError({ status: 403, detail: 'Change your own password with PATCH /me and your current password' });
  }
  const takesAdmin = (changes.role ?? 'admin') !== 'admin' || changes.active === false;
  if (id === actor.id && takesAdmin) throw new ProblemError({ status: 403, detail: SELF });
  const passwordHash = changes.password === undefined ? undefined : await hasher.hash(changes.password);
  try {
    return await em.fork().transactional(async (tx) => {
      const user = await lockForAdminChange(tx, id, actor, takesAdmin);
      if (user.deletedAt) throw new ProblemError({ status: 409, detail: 'This account is deleted; only ?hard=true deletion is left' });
      const { password: _, ...fields } = changes;
      const keys = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => fields[k] !== undefined && fields[k] !== user[k]);
      await assertFree(tx, { username: fields.username, email: fields.email }, id);
      Object.assign(user, Object.fromEntries(keys.map((k) => [k, fields[k]])));
      const changed: string[] = keys;
      // A new address is unverified unless the administrator says otherwise in the same request.
      // A link mailed to the old address must not verify the new one.
      if (changed.includes('email')) await retireUserTokens(tx, user.id, 'email_verify', actor.now);
      if (changed.includes('email') && fields.emailVerified === undefined && user.emailVerified) {
        user.emailVerified = false;
        changed.push('emailVerified');
      }
      if (passwordHash) {
        user.passwordHash = passwordHash;
        changed.push('password');
      }
      // A role change, a deactivation or a new password ends every session of the account.
      if (changed.includes('role') || changed.includes('password') || (changed.includes('active') && !user.active)) {
        await revokeSessions(tx, user.id, actor.now);
      }
      if (changed.length) {
        await tx.flush();
        audit(tx, 'user.updated', user, actor, { changed });
      }
      return { user, changed };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict('username or email');
    throw error;
  }
}

/** Soft delete (deletedAt set, deactivated, signed out; the username and email stay taken) or, with `hard`, removes the row. */
export async function deleteUser(em: SqlEntityManager, id: number, hard: boolean, actor: Actor): Promise<void> {
  if (id === actor.id) throw new ProblemError({ status: 403, detail: SELF });
  await em.fork().transactional(async (tx) => {
    const user = await lockForAdminChange(tx, id, actor, true);
    if (user.deletedAt && !hard) throw new ProblemError({ status: 409, detail: 'This account is already deleted; ?hard=true removes it' });
    audit(tx, 'user.deleted', user, actor, { hard, username: user.username });
    if (hard) {
      await tx.flush();
      // The database's foreign keys null content authors and audit actors and drop tokens and preferences.
      await tx.nativeDelete(User, { id });
      return;
    }
    Object.assign(user, { deletedAt: actor.now, active: false });
    await revokeSessions(tx, id, actor.now);
  });
}

/**
 * Locks every active administrator (id order, so concurrent callers cannot deadlock on them) and
 * then the target. With the locks held: 409 if `takesAdmin` would remove the last active
 * administrator, 403 if the caller stopped being one (demoted by a request that committed first).
 */
async function lockForAdminChange(tx: SqlEntityManager, id: number, actor: Actor, takesAdmin: boolean): Promise<User> {
  const admins = await tx.find(User, activeAdmins(), { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
  const user = await tx.findOne(User, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!user) throw new ProblemError({ status: 404, detail: `No user with id ${id}` });
  if (takesAdmin && admins.some((a) => a.id === id) && admins.every((a) => a.id === id)) {
    throw new ProblemError({ status: 409, detail: 'This is the last active administrator; promote another account first' });
  }
  if (!admins.some((a) => a.id === actor.id)) throw new ProblemError({ status: 403, detail: 'You are no longer an administrator' });
  return user;
}

const activeAdmins = () => ({ role: 'admin' as const, active: true, deletedAt: null });

/**
 * Revokes every live refresh token of the account. Its access tokens live on until they expire, but
 * requireAuth re-reads the role, the active flag and the deletion on every request.
 */
export function revokeSessions(em: SqlEntityManager, userId: number, now: Date): Promise<number> {
  return em.nativeUpdate(RefreshToken, { user: userId, revokedAt: null }, { revokedAt: now });
}

export function audit(em: SqlEntityManager, action: 'user.updated' | 'user.deleted', user: User, actor: Actor, details: object): void {
  recordAudit(em, {
    action,
    at: actor.now,
    actorId: actor.id,
    targetType: 'user',
    targetId: user.id,
    ip: actor.ip,
    details: { ...details },
  });
}
