/**
 * Emailed single-use tokens (email verification, password reset): 32 random bytes, base64url, of
 * which only the SHA-256 is stored. A new token of a purpose retires the user's older unused ones;
 * a token is spent by a conditional UPDATE on `used_at`, so of two requests racing with one token
 * exactly one wins.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DeadlockException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { UserToken, type TokenPurpose, type User } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';

export const hashUserToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Stores a new token for `user` (flushed by the caller's transaction) and returns its value. */
/** Spends every unused token of `purpose` the account holds (a new address makes old links void). */
export async function retireUserTokens(em: SqlEntityManager, userId: number, purpose: TokenPurpose, now: Date): Promise<void> {
  await em.nativeUpdate(UserToken, { user: userId, purpose, usedAt: null }, { usedAt: now });
}

export async function issueUserToken(em: SqlEntityManager, user: User, purpose: TokenPurpose, now: Date, ttlMs: number): Promise<string> {
  await retireUserTokens(em, user.id, purpose, now);
  const token = randomBytes(32).toString('base64url');
  em.create(UserToken, {
    tokenHash: hashUserToken(token),
    purpose,
    user: user.id,
    expiresAt: new Date(now.getTime() + ttlMs),
    createdAt: now,
  });
  return token;
}

export const invalidToken = () =>
  new ProblemError({
    status: 422,
    detail: 'The token is unknown, expired or already used; ask for a new one',
    extra: { errors: [{ path: 'token', message: 'Unknown, expired or already used' }] },
  });

/**
 * Spends a token inside the caller's transaction and returns its user; 422 for an unknown,
 * expired, spent or retired token, or one that lost a race.
 */
export async function spendUserToken(em: SqlEntityManager, token: string, purpose: TokenPurpose, now: Date): Promise<User> {
  const stored = await em.findOne(UserToken, { tokenHash: hashUserToken(token), purpose }, { populate: ['user'] });
  if (!stored || stored.usedAt || stored.expiresAt <= now) throw invalidToken();
  const claimed = await em.nativeUpdate(UserToken, { id: stored.id, usedAt: null }, { usedAt: now });
  const user = stored.user;
  if (!claimed || !user.active || user.deletedAt) throw invalidToken();
  return user;
}

/**
 * Runs `transaction`, again when the database chose it as a deadlock victim. On MariaDB/MySQL the
 * retiring UPDATE takes gap locks on the user's index range, so two token transactions for one
 * account (a verification and a reset mail at once) can deadlock; the rolled-back one simply reruns.
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!(error instanceof DeadlockException) || attempt >= attempts) throw error;
    }
  }
}
