/**
 * Emailed single-use tokens of an account (email verification, password reset): 32 random bytes,
 * base64url, of which only the SHA-256 is stored. A new token of a purpose retires the account's
 * older unused ones; a token is spent by a conditional UPDATE on `used_at`, so of two requests
 * racing with one token exactly one wins.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { SqlEntityManager } from '@mikro-orm/sql';

import { type Language, type TokenPurpose, type User, UserToken } from '../../db/entities/index.ts';
import { retryTransaction } from '../../db/transactions.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { passwordResetMail, verificationMail } from '../mail/mail.templates.ts';
import type { SiteContext } from '../mail/mailer.ts';
import { chosenLanguage } from './users.repository.ts';

export const hashUserToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Spends every unused token of `purpose` the account holds (a new address makes old links void). */
export async function retireUserTokens(em: SqlEntityManager, userId: number, purpose: TokenPurpose, now: Date): Promise<void> {
  await em.nativeUpdate(UserToken, { user: userId, purpose, usedAt: null }, { usedAt: now });
}

/** Stores a new token for `user` (flushed by the caller's transaction), retiring the older ones, and returns its value. */
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

const invalidToken = () =>
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

const HOUR_MS = 3_600_000;

/** Per purpose: the setting holding the token's lifetime, its unit, and the mail carrying it. */
const TOKEN_MAILS = {
  email_verify: {
    what: 'email verification',
    lifetime: 'email_verification_token_expiry_hours',
    unitMs: HOUR_MS,
    compose: (site: SiteContext, user: User, token: string, hours: number, language?: Language) =>
      verificationMail(site, { to: user.email, username: user.username, token, hours, language }),
  },
  password_reset: {
    what: 'password reset',
    lifetime: 'password_reset_token_expiry_minutes',
    unitMs: 60_000,
    compose: (site: SiteContext, user: User, token: string, minutes: number, language?: Language) =>
      passwordResetMail(site, { to: user.email, username: user.username, token, minutes, language }),
  },
} as const;

/**
 * Issues a token of `purpose` for `user` and mails it, in a dispatched task (after the answer, see
 * `Mailer.dispatch`): neither SMTP latency nor the token write shows in the answer. The issuing
 * transaction reruns when MariaDB picks it as a deadlock victim (two token mails of one account at once).
 */
export async function mailUserToken(
  em: SqlEntityManager,
  services: Services,
  user: User,
  purpose: TokenPurpose,
  log: Logger,
): Promise<void> {
  const kind = TOKEN_MAILS[purpose];
  await services.mailer.dispatch(
    async () => {
      const now = services.clock();
      const lifetime = Number((await services.settings.values([kind.lifetime]))[kind.lifetime]);
      const token = await retryTransaction(() =>
        em.fork().transactional((tx) => issueUserToken(tx, user, purpose, now, lifetime * kind.unitMs)),
      );
      // In the recipient's language: their preference, else the site's default (the mailer's).
      const language = await chosenLanguage(em, user.id);
      await services.mailer.send((site) => kind.compose(site, user, token, lifetime, language), log);
    },
    log,
    kind.what,
  );
}
