/**
 * Email verification and password reset. The answers never say whether an account exists: the
 * request does the same reads for a known or an unknown address, and the token write and the
 * mail happen in a dispatched task (after the answer, see `Mailer.dispatch`).
 */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { RefreshToken, User, UserToken, type TokenPurpose } from '../../db/entities/index.ts';
import type { Logger } from '../../logger.ts';
import { ProblemError } from '../../http/problem.ts';
import { countHit } from '../../http/rate-limit.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { passwordResetMail, verificationMail } from '../mail/mail.templates.ts';
import type { SiteContext } from '../mail/mailer.ts';
import type { Services } from '../../services.ts';
import { issueUserToken, retryOnDeadlock, spendUserToken } from './user-tokens.ts';

const HOUR_MS = 3_600_000;

/** Per purpose: the setting holding the token's lifetime, its unit, and the mail carrying it. */
const TOKEN_MAILS = {
  email_verify: {
    what: 'email verification',
    lifetime: 'email_verification_token_expiry_hours',
    unitMs: HOUR_MS,
    compose: (site: SiteContext, user: User, token: string, hours: number) =>
      verificationMail(site, { to: user.email, username: user.username, token, hours }),
  },
  password_reset: {
    what: 'password reset',
    lifetime: 'password_reset_token_expiry_minutes',
    unitMs: 60_000,
    compose: (site: SiteContext, user: User, token: string, minutes: number) =>
      passwordResetMail(site, { to: user.email, username: user.username, token, minutes }),
  },
} as const;

/** Issues a token of `purpose` for `user` (retiring the older ones) and mails it, in a dispatched task. */
async function mailToken(em: SqlEntityManager, user: User, purpose: TokenPurpose, services: Services, log: Logger): Promise<void> {
  const kind = TOKEN_MAILS[purpose];
  await services.mailer.dispatch(
    async () => {
      const now = services.clock();
      const lifetime = Number((await services.settings.values([kind.lifetime]))[kind.lifetime]);
      const token = await retryOnDeadlock(() =>
        em.fork().transactional((tx) => issueUserToken(tx, user, purpose, now, lifetime * kind.unitMs)),
      );
      await services.mailer.send((site) => kind.compose(site, user, token, lifetime), log);
    },
    log,
    kind.what,
  );
}

/** Mails `user` a verification link (after registration). */
export function sendVerification(em: SqlEntityManager, user: User, services: Services, log: Logger): Promise<void> {
  return mailToken(em, user, 'email_verify', services, log);
}

/**
 * A mail for this address may go out: counted per address (known or not, so the count says
 * nothing) in an hour window, `password_reset_rate_limit_per_hour` at most; 0 is no limit.
 */
async function underHourlyLimit(em: SqlEntityManager, key: string, services: Services, log: Logger): Promise<boolean> {
  const { password_reset_rate_limit_per_hour: limit } = await services.settings.values(['password_reset_rate_limit_per_hour']);
  if ((await countHit(services, key, { limit: Number(limit), windowMs: HOUR_MS }, log)) === undefined) return true;
  log.info({ key }, 'hourly mail limit for this address reached; nothing sent');
  return false;
}

/** POST /auth/email/resend: a new verification mail when the address belongs to an unverified, active account. */
export async function resendVerification(em: SqlEntityManager, email: string, services: Services, log: Logger): Promise<void> {
  const allowed = await underHourlyLimit(em, `verify-mail:${email}`, services, log);
  const user = await em.findOne(User, { email, deletedAt: null });
  if (!allowed || !user?.active || user.emailVerified) return;
  await sendVerification(em, user, services, log);
}

/** POST /auth/password/forgot: a reset mail when the address belongs to an active account. */
export async function forgotPassword(em: SqlEntityManager, email: string, services: Services, log: Logger): Promise<void> {
  const allowed = await underHourlyLimit(em, `reset-mail:${email}`, services, log);
  const user = await em.findOne(User, { email, deletedAt: null });
  if (!allowed || !user?.active) return;
  await mailToken(em, user, 'password_reset', services, log);
}

/** POST /auth/email/verify: spends the token and marks the address verified. */
export async function verifyEmail(em: SqlEntityManager, token: string, services: Services): Promise<void> {
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
  input: { token: string; password: string },
  services: Services,
  ip: string | undefined,
): Promise<void> {
  // Derived before the token is looked at: a wrong token costs the same time as a right one.
  const passwordHash = await services.hasher.hash(input.password);
  const now = services.clock();
  await retryOnDeadlock(() =>
    em.fork().transactional(async (tx) => {
      const user = await spendUserToken(tx, input.token, 'password_reset', now);
      Object.assign(user, { passwordHash, failedLoginCount: 0, lockedUntil: null, emailVerified: true });
      const revoked = await tx.nativeUpdate(RefreshToken, { user: user.id, revokedAt: null }, { revokedAt: now });
      await tx.nativeUpdate(UserToken, { user: user.id, purpose: 'password_reset', usedAt: null }, { usedAt: now });
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
