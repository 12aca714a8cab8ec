import { decode } from 'hono/jwt';
import { describe, expect, it } from 'vitest';

import { accessTokens, hashRefreshToken, newRefreshToken } from '#src/modules/auth/tokens.ts';

const SECRET = 'unit-test-secret-0123456789abcdefghijklmnop';
const at = (iso: string) => new Date(iso);

describe('access tokens', () => {
  const tokens = accessTokens(SECRET, 900);

  it('are HS256 JWTs carrying the user, role, type and expiry, not the secret', async () => {
    const { token, expiresIn } = await tokens.issue({ userId: 7, role: 'editor' }, at('2030-01-01T00:00:00Z'));
    expect(expiresIn).toBe(900);
    const { header, payload } = decode(token);
    expect(header.alg).toBe('HS256');
    expect(payload).toEqual({ sub: '7', role: 'editor', typ: 'access', iat: 1893456000, exp: 1893456900 });
    expect(token).not.toContain(SECRET);
  });

  it('check against the given time: valid until exp, not at exp', async () => {
    const { token } = await tokens.issue({ userId: 7, role: 'member' }, at('2030-01-01T00:00:00Z'));
    expect(await tokens.check(token, at('2030-01-01T00:14:59Z'))).toEqual({ userId: 7, role: 'member' });
    expect(await tokens.check(token, at('2030-01-01T00:15:00Z'))).toBeUndefined();
  });

  it('reject a token signed with another SECRET_KEY or tampered with', async () => {
    const now = at('2030-01-01T00:00:00Z');
    const { token } = await accessTokens('another-secret-0123456789abcdefghijkl', 900).issue({ userId: 1, role: 'admin' }, now);
    expect(await tokens.check(token, now)).toBeUndefined();
    const own = (await tokens.issue({ userId: 1, role: 'member' }, now)).token;
    const [h, , s] = own.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: '1', role: 'admin', typ: 'access', exp: 4e9 })).toString('base64url');
    expect(await tokens.check(`${h}.${forged}.${s}`, now)).toBeUndefined();
  });
});

describe('refresh tokens', () => {
  it('are 32 random bytes, stored as their SHA-256', () => {
    const a = newRefreshToken();
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(a.token)).toBe(a.hash);
    expect(newRefreshToken().token).not.toBe(a.token);
  });
});
