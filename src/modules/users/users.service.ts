import { DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { User, type Role } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { PasswordHasher } from '../auth/password.ts';

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

/** Concurrent inserts of one key can deadlock on MariaDB's unique-index locks; a retry then sees the winner. */
const CREATE_ATTEMPTS = 3;

/** Inserts a user and its `user.created` audit event in one transaction; 409 on a taken name or email. */
export async function createUser(em: SqlEntityManager, input: NewUser, ctx: CreateContext): Promise<User> {
  const passwordHash = await ctx.hasher.hash(input.password);
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertUser(em, input, passwordHash, ctx);
    } catch (error) {
      // Two requests racing for the same name: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw conflict('username or email');
      if (!(error instanceof DeadlockException) || attempt >= CREATE_ATTEMPTS) throw error;
    }
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

/** A login is an email when it holds `@` (usernames cannot). */
export function findByLogin(em: SqlEntityManager, login: string): Promise<User | null> {
  const value = login.trim().toLowerCase();
  return em.findOne(User, value.includes('@') ? { email: value, deletedAt: null } : { username: value, deletedAt: null });
}
