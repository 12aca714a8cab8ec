/**
 * Email verification and password reset by mailed tokens. The answers never say whether an account
 * exists: the request does the same reads for a known or an unknown address, and the token write
 * and the mail happen after the answer (`mailUserToken`).
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { User } from '../../db/entities/index.ts';
import { retryTransaction } from '../../db/transactions.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { mailUserToken, retireUserTokens, spendUserToken } from '../users/user-tokens.ts';
import { revokeSessions } from './session.service.ts';

const HOUR_S = 3600;

/**
 * A mail for this address may go out: counted per address (known or not, so the count says
 * nothing) in an hour window, `password_reset_rate_limit_per_hour` at most; 0 is no limit.
 */
async function underHourlyLimit(services: Services, name: string, email: string, log: Logger): Promise<boolean> {
  const { password_reset_rate_limit_per_hour: limit } = await services.settings.values(['password_reset_rate_limit_per_hour']);
  const state = await services.rateLimits.hit({ name, limit: Number(limit), windowS: HOUR_S }, email);
  if (!state?.limited) return true;
  log.info({ limit: name, email }, 'hourly mail limit for this address reached; nothing sent');
  return false;
}

/** POST /auth/email/resend: a new verification mail when the address belongs to an unverified, active account. */
export async function resendVerification(em: SqlEntityManager, services: Services, email: string, log: Logger): Promise<void> {
  const allowed = await underHourlyLimit(services, 'verify-mail', email, log);
  const user = await em.findOne(User, { email, deletedAt: null });
  if (!allowed || !user?.active || user.emailVerified) return;
  await mailUserToken(em, services, user, 'email_verify', log);
}

/** POST /auth/password/forgot: a reset mail when the address belongs to an active account. */
export async function forgotPassword(em: SqlEntityManager, services: Services, email: string, log: Logger): Promise<void> {
  const allowed = await underHourlyLimit(services, 'reset-mail', email, log);
  const user = await em.findOne(User, { email, deletedAt: null });
  if (!allowed || !user?.active) return;
  await mailUserToken(em, services, user, 'password_reset', log);
}

/** POST /auth/email/verify: spends the token and marks the address verified. */
export async function verifyEmail(em: SqlEntityManager, services: Services, token: string): Promise<void> {
  const now = services.clock();
  await em.transactional(async (tx) => {
    const user = await spendUserToken(tx, token, 'email_verify', now);
    user.emailVerified = true;
  });
}

/**
 * POST /auth/password/reset: spends the token, sets the password, ends the lockout, revokes every
 * refresh token of the account and retires its other reset tokens; audited, in one transaction.
 * Receiving the mail proves the address, so it counts as verified too.
 */
export async function resetPassword(
  em: SqlEntityManager,
  services: Services,
  input: { token: string; password: string },
  ip: string | undefined,
): Promise<void> {
  // Derived before the token is looked at: a wrong token costs the same time as a right one.
  const passwordHash = await services.hasher.hash(input.password);
  const now = services.clock();
  await retryTransaction(() =>
    em.fork().transactional(async (tx) => {
      const user = await spendUserToken(tx, input.token, 'password_reset', now);
      Object.assign(user, { passwordHash, failedLoginCount: 0, lockedUntil: null, emailVerified: true });
      const revoked = await revokeSessions(tx, user.id, now);
      await retireUserTokens(tx, user.id, 'password_reset', now);
      recordAudit(tx, {
        action: 'auth.password_reset',
        at: now,
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { refreshTokensRevoked: revoked },
      });
    }),
  );
}

/**
 * While `email_verification_required` is on, an account whose address is not verified may not log
 * in (403). Administrators are exempt, so turning the setting on cannot lock the site's owners out.
 */
export async function assertVerifiedForLogin(services: Services, user: User): Promise<void> {
  if (user.emailVerified || user.role === 'admin') return;
  if (!(await services.settings.flag('email_verification_required'))) return;
  throw new ProblemError({
    status: 403,
    detail: 'Confirm your email address first: open the link in the mail we sent, or ask for a new one with POST /auth/email/resend',
  });
}
