import { UniqueConstraintViolationException } from '@mikro-orm/core';
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

/** Inserts a user and its `user.created` audit event in one transaction; 409 on a taken name or email. */
export async function createUser(em: SqlEntityManager, input: NewUser, ctx: CreateContext): Promise<User> {
  const passwordHash = await ctx.hasher.hash(input.password);
  try {
    return await em.transactional(async (tx) => {
      await ctx.precondition?.(tx);
      const taken = await tx.findOne(User, { $or: [{ username: input.username }, { email: input.email }] });
      if (taken) throw conflict(taken.username === input.username ? 'username' : 'email');
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
  } catch (error) {
    // Two requests racing for the same name: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) throw conflict('username or email');
    throw error;
  }
}

function conflict(field: string): ProblemError {
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
