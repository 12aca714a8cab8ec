/**
 * The signed-in account's own profile and preferences. Email and password changes need the
 * current password: a stolen access token alone must not be able to take the account over. A
 * wrong one counts toward the lockout like a failed login (401, then 429), as for 2FA disable.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

import { User, UserPreferences } from '../../db/entities/index.ts';
import { bearerChallenge } from '../../http/auth.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { assertNotLocked, failAttempt } from '../auth/login.service.ts';
import { revokeSessions } from '../auth/session.service.ts';
import type { PreferencesChanges, PreferencesView, ProfileChanges } from './me.schemas.ts';
import { mailUserToken, retireUserTokens } from './user-tokens.ts';
import { type Actor, assertFree, audit, conflict } from './users.service.ts';

/**
 * Changes username, email (then unverified, and mailed a verification link) or password (then every
 * refresh token is revoked).
 */
export async function updateProfile(
  em: SqlEntityManager,
  services: Services,
  me: User,
  changes: ProfileChanges,
  actor: Actor,
  log: Logger,
): Promise<User> {
  if (changes.currentPassword !== undefined) await checkCurrentPassword(em, services, me, changes.currentPassword, actor);
  const passwordHash = changes.password === undefined ? undefined : await services.hasher.hash(changes.password);
  const user = await applyProfileChanges(em, me, changes, passwordHash, actor);
  if (user.email !== me.email) await mailUserToken(em, services, user, 'email_verify', log);
  return user;
}

async function applyProfileChanges(
  em: SqlEntityManager,
  me: User,
  changes: ProfileChanges,
  passwordHash: string | undefined,
  actor: Actor,
): Promise<User> {
  try {
    return await em.fork().transactional(async (tx) => {
      const user = await tx.findOneOrFail(User, { id: me.id });
      const changed: string[] = [];
      if (changes.username !== undefined && changes.username !== user.username) changed.push('username');
      if (changes.email !== undefined && changes.email !== user.email) changed.push('email');
      await assertFree(tx, { username: changes.username, email: changes.email }, user.id);
      if (changed.includes('username')) user.username = changes.username!;
      if (changed.includes('email')) {
        user.email = changes.email!;
        if (user.emailVerified) changed.push('emailVerified');
        user.emailVerified = false;
        // A link mailed to the old address must not verify the new one.
        await retireUserTokens(tx, user.id, 'email_verify', actor.now);
      }
      if (passwordHash) {
        user.passwordHash = passwordHash;
        changed.push('password');
        // Every session ends, this one's refresh token included: the caller logs in again with the new password.
        await revokeSessions(tx, user.id, actor.now);
      }
      if (changed.length) {
        await tx.flush();
        audit(tx, 'user.updated', user, actor, { changed });
      }
      return user;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict('username or email');
    throw error;
  }
}

async function checkCurrentPassword(em: SqlEntityManager, services: Services, me: User, password: string, actor: Actor): Promise<void> {
  assertNotLocked(me, actor.now);
  if (await services.hasher.verify(password, me.passwordHash)) return;
  await failAttempt(
    em,
    services,
    me,
    me.username,
    actor.ip,
    new ProblemError({
      status: 401,
      detail: 'Wrong current password',
      headers: bearerChallenge(),
      extra: { errors: [{ path: 'currentPassword', message: 'wrong password' }] },
    }),
  );
}

/** The account's preferences; the row is created with the defaults (light, no language chosen, notifications on) on first use. */
export async function readPreferences(em: SqlEntityManager, userId: number): Promise<UserPreferences> {
  const found = await em.findOne(UserPreferences, { user: userId });
  if (found) return found;
  try {
    await em.fork().insert(UserPreferences, { user: userId, updatedAt: new Date() });
  } catch (error) {
    // A parallel first read or write created it: use theirs.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
  return em.findOneOrFail(UserPreferences, { user: userId });
}

/** Changes only the fields sent. */
export async function updatePreferences(em: SqlEntityManager, userId: number, changes: PreferencesChanges): Promise<UserPreferences> {
  await readPreferences(em.fork(), userId);
  const fork = em.fork();
  return fork.transactional(async (tx) => {
    const row = await tx.findOneOrFail(UserPreferences, { user: userId });
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(row, { [key]: value });
    return row;
  });
}

export function toPreferencesView(row: UserPreferences): PreferencesView {
  return { theme: row.theme, language: row.language ?? null, notifications: row.notifications, updatedAt: row.updatedAt.toISOString() };
}
