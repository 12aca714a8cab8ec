import { createHmac } from 'node:crypto';

import { decode, sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';

import { accessTokens, hashRefreshToken, hs256Verifier, newRefreshToken } from '#src/modules/auth/tokens.ts';

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

describe('the HS256 check (node:crypto) of tokens hono/jwt signed', () => {
  const secret = 'verifier-secret-0123456789abcdefghijkl';
  const verify = hs256Verifier(secret);
  const now = at('2030-01-01T00:00:00Z');
  const claims = { sub: '5', typ: 'access', exp: 1893456900 };
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** A token with any header and payload text, correctly signed under `secret`. */
  const signedAs = (header: string, payload: string) =>
    `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;

  it('accepts what hono/jwt signs with the same secret, of the asked kind, until exp', async () => {
    const token = await sign(claims, secret, 'HS256');
    expect(verify(token, 'access', now)).toEqual(claims);
    expect(verify(token, 'mfa', now)).toBeUndefined();
    expect(verify(token, 'access', at('2030-01-01T00:15:00Z'))).toBeUndefined();
    expect(verify(await sign(claims, `${secret}x`, 'HS256'), 'access', now)).toBeUndefined();
    expect(verify(await sign({ sub: '5', typ: 'access' }, secret, 'HS256'), 'access', now)).toBeUndefined();
  });

  it('refuses another spelling of the same signature bytes, other algorithms, and malformed tokens', async () => {
    const token = await sign(claims, secret, 'HS256');
    // 32 bytes take 43 base64url characters: the last one carries 2 unused bits, so a neighbour decodes alike.
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1];
    const respelled = `${token.slice(0, -1)}${sibling}`;
    expect(Buffer.from(respelled.split('.')[2], 'base64url')).toEqual(Buffer.from(token.split('.')[2], 'base64url'));
    expect(verify(respelled, 'access', now)).toBeUndefined();
    expect(verify(`${token}=`, 'access', now)).toBeUndefined();

    expect(verify(signedAs(part({ alg: 'none', typ: 'JWT' }), part(claims)), 'access', now)).toBeUndefined();
    expect(verify(signedAs(part({ alg: 'HS512', typ: 'JWT' }), part(claims)), 'access', now)).toBeUndefined();
    expect(verify(signedAs(part({ alg: 'HS256', typ: 'JWT' }), part(claims)), 'access', now)).toEqual(claims);
    expect(verify(signedAs(part({ alg: 'HS256' }), Buffer.from('not json').toString('base64url')), 'access', now)).toBeUndefined();
    expect(verify(signedAs(part({ alg: 'HS256' }), part([claims])), 'access', now)).toBeUndefined();
    expect(verify(signedAs(part({ alg: 'HS256' }), part(null)), 'access', now)).toBeUndefined();

    const [h, p, s] = token.split('.');
    for (const malformed of ['', 'abc', `${h}.${s}`, `${h}.${p}.${p}.${s}`, `.${p}.${s}`, `${h}.${p}.`]) {
      expect(verify(malformed, 'access', now)).toBeUndefined();
    }
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
