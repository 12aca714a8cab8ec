/**
 * Access tokens: JWT HS256 signed with a key derived from SECRET_KEY by HKDF (so the same secret
 * never signs two kinds of thing). Expiry is checked against the injected clock, not Date.now().
 * Refresh tokens: 32 random bytes, only their SHA-256 is stored.
 *
 * hono/jwt signs (at login, rare); the check, on every authenticated request, is `hs256Verifier`
 * on node:crypto's HMAC: hono/jwt verifies through WebCrypto, whose every call is a job on libuv's
 * thread pool and a promise, about 100 us of CPU per request where the HMAC itself takes a few.
 */
import { createHash, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type webcrypto } from 'node:crypto';

import { sign } from 'hono/jwt';

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
  const secret = Buffer.from(hkdfSync('sha256', secretKey, 'filamenta', 'access-token/v1', 32)).toString('base64url');
  const key = hs256Key(secret);
  const verify = hs256Verifier(secret);
  return {
    async issue({ userId, role }, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const token = await sign({ sub: String(userId), role, typ: 'access', iat, exp: iat + ttlS }, await key, 'HS256');
      return { token, expiresIn: ttlS };
    },
    async check(token, now) {
      const payload = verify(token, 'access', now);
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
 * given the string, hono/jwt imports it again on every sign.
 */
function hs256Key(secret: string): Promise<webcrypto.CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** Checks tokens signed by hono/jwt with the string `secret` (the UTF-8 bytes of it are the HMAC key). */
export type Hs256Verify = (token: string, typ: string, now: Date) => Record<string, unknown> | undefined;

/**
 * The payload of a compact JWT whose header says HS256, whose signature is exactly the base64url
 * HMAC-SHA256 of its first two parts under `secret` (compared in constant time, as text, so no
 * other spelling of the same bytes passes), of kind `typ` and unexpired at `now`; undefined for
 * anything else.
 */
export function hs256Verifier(secret: string): Hs256Verify {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (token, typ, now) => {
    const dot = token.lastIndexOf('.');
    if (dot < 0) return undefined;
    const signed = token.slice(0, dot);
    const [header, payload, extra] = signed.split('.');
    if (payload === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(createHmac('sha256', key).update(signed).digest('base64url'));
    const given = Buffer.from(token.slice(dot + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = jsonPart(payload);
    if (jsonPart(header)?.alg !== 'HS256' || !claims) return undefined;
    const { exp } = claims;
    return claims.typ === typ && typeof exp === 'number' && exp > now.getTime() / 1000 ? claims : undefined;
  };
}

/** A base64url JSON object, or undefined. */
function jsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
