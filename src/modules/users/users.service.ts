/**
 * Accounts: creation, and their administration (change, soft or hard delete). Every change that
 * could take an administrator away (demotion, deactivation, deletion) runs under a row lock on
 * every active administrator, taken in id order, so two admins demoting each other in parallel
 * queue up and the second sees the first's result: there is always an active administrator left.
 */
import { LockMode, raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

import { Content, type Role, User } from '../../db/entities/index.ts';
import { retryTransaction } from '../../db/transactions.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { PasswordHasher } from '../auth/password.ts';
import { revokeSessions } from '../auth/session.service.ts';
import { mailUserToken, retireUserTokens } from './user-tokens.ts';
import type { AdminChanges } from './users.schemas.ts';

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role: Role;
}

export interface CreateContext {
  hasher: PasswordHasher;
  now: Date;
  actorId?: number;
  ip?: string;
  /** Runs inside the transaction before the insert, e.g. "no administrator exists yet". */
  precondition?: (em: SqlEntityManager) => Promise<void>;
}

/** Inserts a user and its `user.created` audit event in one transaction; 409 on a taken name or email. */
export async function createUser(em: SqlEntityManager, input: NewUser, ctx: CreateContext): Promise<User> {
  const passwordHash = await ctx.hasher.hash(input.password);
  try {
    // Concurrent inserts of one key can deadlock on MariaDB's unique-index locks; a retry then sees the winner.
    return await retryTransaction(() => insertUser(em, input, passwordHash, ctx));
  } catch (error) {
    // Two requests racing for the same name: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) throw conflict('username or email');
    throw error;
  }
}

function insertUser(em: SqlEntityManager, input: NewUser, passwordHash: string, ctx: CreateContext): Promise<User> {
  return em.transactional(async (tx) => {
    await ctx.precondition?.(tx);
    await assertFree(tx, input);
    const user = tx.create(User, { username: input.username, email: input.email, passwordHash, role: input.role });
    await tx.flush();
    recordAudit(tx, {
      action: 'user.created',
      at: ctx.now,
      actorId: ctx.actorId ?? user.id,
      targetType: 'user',
      targetId: user.id,
      ip: ctx.ip,
      details: { username: user.username, role: user.role },
    });
    return user;
  });
}

/** 409 naming the field when another account (not `exceptId`) holds the username or email, soft-deleted ones included. */
export async function assertFree(em: SqlEntityManager, wanted: { username?: string; email?: string }, exceptId?: number): Promise<void> {
  const or = [...(wanted.username ? [{ username: wanted.username }] : []), ...(wanted.email ? [{ email: wanted.email }] : [])];
  if (!or.length) return;
  const taken = await em.findOne(User, { $or: or, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (taken) throw conflict(taken.username === wanted.username ? 'username' : 'email');
}

export function conflict(field: string): ProblemError {
  return new ProblemError({
    status: 409,
    detail: `This ${field} is already taken`,
    extra: { errors: [{ path: field, message: 'already taken' }] },
  });
}

export interface Actor {
  id: number;
  ip?: string;
  now: Date;
}

const SELF = 'You cannot demote, deactivate or delete your own account; another administrator can';

/** Problem types of the users routes' 403s, so a client can tell which refusal it got and say it in words. */
export const PROBLEM_OWN_ACCOUNT = 'urn:filamenta:problem:own-account';
export const PROBLEM_NOT_ADMIN = 'urn:filamenta:problem:not-admin';

/**
 * Applies an administrator's changes; `user.updated` lists the changed fields (never values). A new
 * address the administrator did not mark verified is mailed its own verification link.
 */
export async function updateUser(
  em: SqlEntityManager,
  services: Services,
  id: number,
  changes: AdminChanges,
  actor: Actor,
  log: Logger,
): Promise<User> {
  const { user, changed } = await applyAdminChanges(em, services.hasher, id, changes, actor);
  if (changed.includes('email') && !user.emailVerified) await mailUserToken(em, services, user, 'email_verify', log);
  return user;
}

async function applyAdminChanges(em: SqlEntityManager, hasher: PasswordHasher, id: number, changes: AdminChanges, actor: Actor) {
  if (id === actor.id && changes.password !== undefined) {
    throw new ProblemError({
      status: 403,
      type: PROBLEM_OWN_ACCOUNT,
      detail: 'Change your own password with PATCH /me and your current password',
    });
  }
  const takesAdmin = (changes.role ?? 'admin') !== 'admin' || changes.active === false;
  if (id === actor.id && takesAdmin) throw new ProblemError({ status: 403, type: PROBLEM_OWN_ACCOUNT, detail: SELF });
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
  if (id === actor.id) throw new ProblemError({ status: 403, type: PROBLEM_OWN_ACCOUNT, detail: SELF });
  await em.fork().transactional(async (tx) => {
    const user = await lockForAdminChange(tx, id, actor, true);
    if (user.deletedAt && !hard) throw new ProblemError({ status: 409, detail: 'This account is already deleted; ?hard=true removes it' });
    audit(tx, 'user.deleted', user, actor, { hard, username: user.username });
    if (hard) {
      await tx.flush();
      // The database's foreign keys null content authors and audit actors and drop tokens and preferences.
      // Their items show authorId, so each gets a new version: its ETag (strong) must change with it.
      await tx.nativeUpdate(Content, { author: id }, { version: raw('version + 1') });
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
  if (!admins.some((a) => a.id === actor.id))
    throw new ProblemError({ status: 403, type: PROBLEM_NOT_ADMIN, detail: 'You are no longer an administrator' });
  return user;
}

const activeAdmins = () => ({ role: 'admin' as const, active: true, deletedAt: null });

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
