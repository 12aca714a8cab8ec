/**
 * Login by username or email, and its second step when 2FA is on. Every attempt for an existing or
 * unknown account costs exactly one password derivation (unknown accounts are checked against a
 * dummy hash), so timing tells nothing. A wrong password or code counts towards a lockout, wherever
 * it is given (login, its second step, a 2FA change, a profile change); the attempt that reaches the
 * limit locks the account.
 */
import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

import { User } from '../../db/entities/index.ts';
import { bearerChallenge } from '../../http/auth.ts';
import { ProblemError } from '../../http/problem.ts';
import { enforceLimit, perMinute } from '../../http/rate-limit.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findByLogin } from '../users/users.repository.ts';
import { assertVerifiedForLogin } from './account-mail.service.ts';
import { type Session, startSession } from './session.service.ts';
import { consumeCode, unpackSecret } from './two-factor.ts';

/** The answer to a right password when 2FA is on: POST /login/2fa completes the login. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

const badCredentials = () => new ProblemError({ status: 401, detail: 'Wrong username, email or password', headers: bearerChallenge() });

export const wrongCode = (what = 'code') =>
  new ProblemError({ status: 401, detail: `Wrong or already used ${what}`, headers: bearerChallenge() });

const staleMfaToken = (detail: string) => new ProblemError({ status: 401, detail, headers: bearerChallenge('invalid_token') });

/** 429 with Retry-After while the account is locked. */
export function assertNotLocked(user: User, now: Date): void {
  if (!user.lockedUntil || user.lockedUntil <= now) return;
  throw new ProblemError({
    status: 429,
    detail: 'Too many failed logins: this account is locked for now',
    headers: { 'Retry-After': String(Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000))) },
  });
}

function assertActive(user: User): void {
  if (!user.active) throw new ProblemError({ status: 403, detail: 'This account is disabled' });
}

/** Second factors tried against one account, per minute, whatever the addresses (RATE_LIMIT_AUTH_PER_MINUTE). */
export async function limitSecondFactor(services: Services, userId: number): Promise<void> {
  const policy = perMinute('2fa-account', services.config.auth.rateLimitPerMinute);
  await enforceLimit(services, policy, String(userId), 'two-factor attempts for this account');
}

/** POST /login: the session, or the 2FA challenge for an account with 2FA on. */
export async function login(
  em: SqlEntityManager,
  services: Services,
  input: { login: string; password: string },
  ip: string | undefined,
  log: Logger,
): Promise<Session | MfaChallenge> {
  // Per account as well as per address: many addresses against one account get 429 too.
  const perAccount = perMinute('login-account', services.config.auth.rateLimitPerMinute);
  await enforceLimit(services, perAccount, input.login.toLowerCase(), 'login attempts for this account');
  const now = services.clock();
  const user = await findByLogin(em, input.login);
  if (user) assertNotLocked(user, now);
  const matches = await services.hasher.verify(input.password, user?.passwordHash ?? services.hasher.dummyHash);
  if (!user || !matches) return failAttempt(em, services, user, input.login, ip, badCredentials());
  await rehashIfOld(em, services, user, input.password, log);
  assertActive(user);
  await assertVerifiedForLogin(services, user);
  // The failure count is kept until the second factor is given: a known password must not
  // reset the lockout that wrong codes are building up.
  if (user.twoFactorEnabled) return { mfaRequired: true, mfaToken: await services.twoFactor.issueMfaToken(user.id, now) };
  return completeLogin(em, services, user, ip);
}

/**
 * A right password whose hash was made with older parameters is hashed again with the current ones
 * (the password is known only now). Only if the stored hash is still that one: a password changed
 * meanwhile wins. A failure here costs the login nothing; the next login tries again.
 */
async function rehashIfOld(em: SqlEntityManager, services: Services, user: User, password: string, log: Logger): Promise<void> {
  if (!services.hasher.needsRehash(user.passwordHash)) return;
  try {
    const passwordHash = await services.hasher.hash(password);
    const changed = await em.fork().nativeUpdate(User, { id: user.id, passwordHash: user.passwordHash }, { passwordHash });
    if (changed) user.passwordHash = passwordHash;
  } catch (error) {
    log.warn({ err: error, userId: user.id }, 'could not re-hash an old password hash; kept the old one');
  }
}

/** POST /login/2fa: the mfaToken of a right password and a TOTP or backup code (each works once) -> the session. */
export async function loginSecondFactor(
  em: SqlEntityManager,
  services: Services,
  input: { mfaToken: string; code: string },
  ip: string | undefined,
): Promise<Session> {
  const now = services.clock();
  const userId = await services.twoFactor.checkMfaToken(input.mfaToken, now);
  if (userId === undefined) throw staleMfaToken('The mfaToken is invalid or expired; log in again');
  await limitSecondFactor(services, userId);
  const user = await em.findOne(User, { id: userId, deletedAt: null });
  if (!user?.twoFactorEnabled) throw staleMfaToken('The mfaToken is no longer valid; log in again');
  assertActive(user);
  assertNotLocked(user, now);
  const method = await consumeCode(em, user, input.code, services.twoFactor, now);
  if (!method) return failAttempt(em, services, user, user.username, ip, wrongCode());
  const details = method === 'backup_code' ? { method, backupCodesLeft: unpackSecret(user.totpSecret ?? '').hashes.length } : { method };
  return completeLogin(em, services, user, ip, details);
}

/** Resets the failure count, records the login and starts a session, in one transaction. */
function completeLogin(
  em: SqlEntityManager,
  services: Services,
  user: User,
  ip: string | undefined,
  details?: Record<string, unknown>,
): Promise<Session> {
  const now = services.clock();
  return em.transactional(async (tx) => {
    // The account row is written first: its lock then orders concurrent logins of one account. The
    // inserts below take a shared lock on it through their foreign keys, and an UPDATE after them
    // can deadlock on MariaDB.
    const changes = { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now, lastLoginIp: ip ?? null };
    await tx.nativeUpdate(User, { id: user.id }, changes);
    const current = tx.merge(Object.assign(user, changes));
    recordAudit(tx, { action: 'auth.login', at: now, actorId: user.id, targetType: 'user', targetId: user.id, ip, details });
    return startSession(tx, services, current);
  });
}

/**
 * A wrong password or code: counts it (audit, failure count, lockout) in a transaction of its own,
 * then throws 429 when this failure locked the account, else `refusal`. `user` is null for an
 * unknown login, which is audited and counts nowhere.
 */
export async function failAttempt(
  em: SqlEntityManager,
  services: Services,
  user: User | null,
  login: string,
  ip: string | undefined,
  refusal: ProblemError,
): Promise<never> {
  const now = services.clock();
  const locked = await em.transactional((tx) => recordFailure(tx, services, user, login, now, ip));
  if (locked) assertNotLocked(locked, now);
  throw refusal;
}

/** Counts the failure and writes its audit events; returns the account when this failure locked it. */
async function recordFailure(
  em: SqlEntityManager,
  services: Services,
  user: User | null,
  login: string,
  now: Date,
  ip: string | undefined,
): Promise<User | undefined> {
  // The actor is unknown (whoever typed the password); the account is the target.
  const target = user ? { targetType: 'user', targetId: user.id } : {};
  recordAudit(em, { action: 'auth.login_failed', at: now, ip, details: { login: login.slice(0, 254) }, ...target });
  if (!user) return undefined;
  // Read again under a row lock: parallel failures then count one after another (a stale count
  // would let parallel wrong passwords pass the lockout), and the lock comes before the audit insert's.
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
  return current;
}
