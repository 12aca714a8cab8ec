/**
 * Login by username or email. Every attempt for an existing or unknown account costs exactly one
 * password derivation (unknown accounts are checked against a dummy hash), so timing tells nothing.
 * Failures count towards a lockout; the attempt that reaches the limit locks the account.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { LockMode } from '@mikro-orm/core';
import { User } from '../../db/entities/index.ts';
import { bearerChallenge } from '../../http/auth.ts';
import { ProblemError } from '../../http/problem.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findByLogin } from '../users/users.service.ts';
import { assertVerifiedForLogin } from './account-mail.service.ts';
import type { Services } from '../../services.ts';
import { startSession, type Session } from './session.service.ts';

/** The answer to a right password when 2FA is on: POST /login/2fa completes the login. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

const badCredentials = () => new ProblemError({ status: 401, detail: 'Wrong username, email or password', headers: bearerChallenge() });

export const locked = (until: Date, now: Date) =>
  new ProblemError({
    status: 429,
    detail: 'Too many failed logins: this account is locked for now',
    headers: { 'Retry-After': String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))) },
  });

export async function login(
  em: SqlEntityManager,
  input: { login: string; password: string },
  services: Services,
  ip?: string,
): Promise<Session | MfaChallenge> {
  const now = services.clock();
  const user = await findByLogin(em, input.login);
  if (user?.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil, now);
  const matches = await services.hasher.verify(input.password, user?.passwordHash ?? services.hasher.dummyHash);

  if (!user || !matches) {
    const lockedUntil = await em.transactional((tx) => recordFailure(tx, user, input.login, services, now, ip));
    throw lockedUntil ? locked(lockedUntil, now) : badCredentials();
  }
  if (!user.active) throw new ProblemError({ status: 403, detail: 'This account is disabled' });
  await assertVerifiedForLogin(services, user);
  // The failure count is kept until the second factor is given: a known password must not
  // reset the lockout that wrong codes are building up.
  if (user.twoFactorEnabled) return { mfaRequired: true, mfaToken: await services.twoFactor.issueMfaToken(user.id, now) };
  return completeLogin(em, user, services, now, ip);
}

/** Resets the failure count, records the login and starts a session, in one transaction. */
export function completeLogin(
  em: SqlEntityManager,
  user: User,
  services: Services,
  now: Date,
  ip: string | undefined,
  details?: Record<string, unknown>,
): Promise<Session> {
  return em.transactional(async (tx) => {
    // The account row is written first: its lock then orders concurrent logins of one account. The
    // inserts below take a shared lock on it through their foreign keys, and an UPDATE after them
    // deadlocked on MariaDB (half of 8 parallel logins answered 500).
    const changes = { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now, lastLoginIp: ip ?? null };
    await tx.nativeUpdate(User, { id: user.id }, changes);
    const current = tx.merge(Object.assign(user, changes));
    recordAudit(tx, { action: 'auth.login', at: now, actorId: user.id, targetType: 'user', targetId: user.id, ip, details });
    return startSession(tx, current, services);
  });
}

/** Counts the failure and writes its audit events; returns the lock's end when this one locked the account. */
export async function recordFailure(
  em: SqlEntityManager,
  user: User | null,
  login: string,
  services: Services,
  now: Date,
  ip: string | undefined,
): Promise<Date | undefined> {
  // The actor is unknown (whoever typed the password); the account is the target.
  const target = user ? { targetType: 'user', targetId: user.id } : {};
  recordAudit(em, { action: 'auth.login_failed', at: now, ip, details: { login: login.slice(0, 254) }, ...target });
  if (!user) return undefined;
  // Read again under a row lock: parallel failures then count one after another (a stale count let
  // 8 parallel wrong passwords pass a lockout of 5), and the lock comes before the audit insert's.
  const current = await em.findOneOrFail(User, { id: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  // A lock that has run out starts a fresh count.
  const previous = current.lockedUntil && current.lockedUntil <= now ? 0 : current.failedLoginCount;
  current.failedLoginCount = previous + 1;
  current.lockedUntil = null;
  const { lockoutMaxAttempts, lockoutMs } = services.config.auth;
  if (lockoutMaxAttempts <= 0 || current.failedLoginCount < lockoutMaxAttempts) return undefined;
  current.lockedUntil = new Date(now.getTime() + lockoutMs);
  recordAudit(em, {
    action: 'auth.lockout',
    at: now,
    ip,
    ...target,
    details: { failedAttempts: current.failedLoginCount, until: current.lockedUntil.toISOString() },
  });
  return current.lockedUntil;
}
