/**
 * Access tokens: JWT HS256 signed with a key derived from SECRET_KEY by HKDF (so the same secret
 * never signs two kinds of thing). Expiry is checked against the injected clock, not Date.now().
 * Refresh tokens: 32 random bytes, only their SHA-256 is stored.
 */
import { createHash, hkdfSync, randomBytes, type webcrypto } from 'node:crypto';

import { sign, verify } from 'hono/jwt';

import type { Role } from '../../db/entities/index.ts';

interface AccessClaims {
  userId: number;
  role: Role;
}

export interface AccessTokens {
  issue(claims: AccessClaims, now: Date): Promise<{ token: string; expiresIn: number }>;
  /** The claims of a valid, unexpired token; undefined for anything else. */
  check(token: string, now: Date): Promise<AccessClaims | undefined>;
}

export function accessTokens(secretKey: string, ttlS: number): AccessTokens {
  const key = hs256Key(Buffer.from(hkdfSync('sha256', secretKey, 'filamenta', 'access-token/v1', 32)).toString('base64url'));
  return {
    async issue({ userId, role }, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const token = await sign({ sub: String(userId), role, typ: 'access', iat, exp: iat + ttlS }, await key, 'HS256');
      return { token, expiresIn: ttlS };
    },
    async check(token, now) {
      const payload = await verifySigned(token, await key, 'access', now);
      if (!payload) return undefined;
      const { sub, role } = payload;
      const userId = Number(sub);
      if (!Number.isSafeInteger(userId) || typeof role !== 'string') return undefined;
      return { userId, role: role as Role };
    },
  };
}

/**
 * An HS256 key (the UTF-8 bytes of `secret`, as hono/jwt reads a string key) imported once:
 * given the string, hono/jwt imports it again on every sign and verify, a third of an
 * authenticated request's CPU.
 */
function hs256Key(secret: string): Promise<webcrypto.CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** The payload of an HS256 token of kind `typ`, signed with `key` and unexpired at `now`; undefined otherwise. */
export async function verifySigned(
  token: string,
  key: string | webcrypto.CryptoKey,
  typ: string,
  now: Date,
): Promise<Record<string, unknown> | undefined> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, key, { alg: 'HS256', exp: false, iat: false, nbf: false });
  } catch {
    return undefined;
  }
  const { exp } = payload;
  return payload.typ === typ && typeof exp === 'number' && exp > now.getTime() / 1000 ? payload : undefined;
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
