import type { Config } from '../../config.ts';
import type { ReadFn } from '../../db/read.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { createPasswordHasher, type PasswordHasher } from './password.ts';
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit.ts';
import { lazyRedisClient, redisRateLimitStore } from './redis-rate-limit.ts';
import { accessTokens, type AccessTokens } from './tokens.ts';
import { twoFactorKit, type TwoFactorKit } from './two-factor.ts';

/** What the auth routes depend on; time is one of them, so lockout expiry is testable without waiting. */
export interface AuthDeps {
  config: Config['auth'];
  clock: () => Date;
  hasher: PasswordHasher;
  rateLimitStore: RateLimitStore;
  tokens: AccessTokens;
  twoFactor: TwoFactorKit;
  mailer: Mailer;
  /** Typed reads on the driver itself (`Orm.read`): every authenticated request loads its account. */
  read: ReadFn;
}

/** The replaceable parts; anything not given gets its production default. */
export type AuthOptions = Partial<Pick<AuthDeps, 'clock' | 'hasher' | 'rateLimitStore' | 'mailer'>>;

export function createAuthDeps(config: Config, read: ReadFn, options: AuthOptions = {}): AuthDeps {
  return {
    read,
    config: config.auth,
    clock: options.clock ?? (() => new Date()),
    hasher: options.hasher ?? createPasswordHasher(),
    rateLimitStore:
      options.rateLimitStore ?? (config.redisUrl ? redisRateLimitStore(lazyRedisClient(config.redisUrl)) : memoryRateLimitStore()),
    tokens: accessTokens(config.secretKey, config.auth.accessTokenTtlS),
    twoFactor: twoFactorKit(config.secretKey),
    mailer: options.mailer ?? createMailer(config),
  };
}
