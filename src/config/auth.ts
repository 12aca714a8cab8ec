/** The auth side of the configuration: the secret key, the setup token, token lifetimes, rate limits and lockout. */
import { randomBytes } from 'node:crypto';

import { makeValidator } from 'envalid';

import type { NodeEnv } from './choices.ts';
import type { CleanEnv } from './specs.ts';
import { ConfigIssue } from './validators.ts';

export interface AuthConfig {
  /** One-time token for `POST /api/v1/setup`; undefined disables that route. */
  setupToken: string | undefined;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  /** Requests per minute per client address on the auth endpoints; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Failed logins that lock an account; 0 turns lockout off. */
  lockoutMaxAttempts: number;
  lockoutMs: number;
}

/** The setup token, trimmed; '' (then unset) or 16 characters and more. */
export const setupToken = makeValidator<string>((input) => {
  const token = input.trim();
  if (token && token.length < 16) throw new ConfigIssue(`is ${token.length} characters; use at least 16 (or leave it unset)`);
  return token;
});

export const redisUrl = makeValidator<string>((input) => {
  let protocol: string | undefined;
  try {
    protocol = new URL(input).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new ConfigIssue('expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379');
  return input;
});

const PLACEHOLDER_SECRETS = /change.?me|your.?secret|placeholder|example|^(secret|password|dev-secret.*|x+|0+)$/i;

/**
 * SECRET_KEY, required in production. Elsewhere a missing, short or placeholder key is replaced by a
 * random one for this process (with a warning in development: tokens will not survive a restart).
 */
export function resolveSecretKey(
  env: CleanEnv,
  nodeEnv: NodeEnv,
  issues: Record<string, string>,
  warnings: string[],
): { secretKey: string; secretKeyGenerated: boolean } {
  const secretKey = env.SECRET_KEY ?? '';
  const problem = !secretKey
    ? 'is not set'
    : secretKey.length < 32
      ? `is ${secretKey.length} characters; at least 32 are required`
      : PLACEHOLDER_SECRETS.test(secretKey)
        ? 'is a known placeholder; generate one with: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"'
        : undefined;
  if (!problem) return { secretKey, secretKeyGenerated: false };
  if (nodeEnv === 'production') {
    issues.SECRET_KEY = `${problem} (required in production)`;
    return { secretKey, secretKeyGenerated: false };
  }
  if (nodeEnv === 'development') {
    warnings.push(`SECRET_KEY ${problem}: using a random key for this process only; tokens will not survive a restart`);
  }
  return { secretKey: randomBytes(32).toString('base64url'), secretKeyGenerated: true };
}

export function buildAuthConfig(env: CleanEnv, issues: Record<string, string>): AuthConfig {
  if (env.LOCKOUT_MAX_ATTEMPTS > 0 && env.LOCKOUT_MINUTES < 1)
    issues.LOCKOUT_MINUTES = 'must be at least 1 while LOCKOUT_MAX_ATTEMPTS is on';
  return {
    setupToken: env.SETUP_TOKEN || undefined,
    accessTokenTtlS: env.ACCESS_TOKEN_TTL,
    refreshTokenTtlS: env.REFRESH_TOKEN_TTL_DAYS * 86_400,
    rateLimitPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
    lockoutMaxAttempts: env.LOCKOUT_MAX_ATTEMPTS,
    lockoutMs: env.LOCKOUT_MINUTES * 60_000,
  };
}
