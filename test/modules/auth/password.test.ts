import { describe, expect, it } from 'vitest';

import {
  createPasswordHasher,
  type DeriveFn,
  passwordProblem,
  SCRYPT_DEFAULTS,
  scryptDerive,
  type ScryptParams,
} from '#src/modules/auth/password.ts';

describe('password hashing (scrypt)', () => {
  const hasher = createPasswordHasher();

  it("uses OWASP's N=2^15, r=8, p=3 (32 MiB), 32-byte salt and key, stored with the hash", async () => {
    expect(SCRYPT_DEFAULTS).toEqual({ log2N: 15, r: 8, p: 3 });
    const hash = await hasher.hash('correct horse');
    const [scheme, log2N, r, p, salt, key] = hash.split('$');
    expect([scheme, log2N, r, p]).toEqual(['scrypt', '15', '8', '3']);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(32);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('verifies the right password only, with a fresh salt per hash', async () => {
    const [a, b] = await Promise.all([hasher.hash('correct horse'), hasher.hash('correct horse')]);
    expect(a).not.toBe(b);
    expect(await hasher.verify('correct horse', a)).toBe(true);
    expect(await hasher.verify('correct horsf', a)).toBe(false);
    expect(await hasher.verify('', a)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, so old hashes survive a change of cost', async () => {
    const cheap = createPasswordHasher({ params: { log2N: 10, r: 8, p: 1 } });
    const hash = await cheap.hash('correct horse');
    expect(await hasher.verify('correct horse', hash)).toBe(true);
  });

  it('asks for a re-hash of a hash made with other parameters (the former p=1 default), not of its own', async () => {
    const former = createPasswordHasher({ params: { log2N: 15, r: 8, p: 1 } });
    expect(hasher.needsRehash(await former.hash('correct horse'))).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('correct horse'))).toBe(false);
    expect(former.needsRehash(await hasher.hash('correct horse'))).toBe(true);
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });

  it('treats malformed or unknown hashes as a mismatch, never a crash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x', 'scrypt$99$8$1$AA$AA', 'scrypt$x$8$1$AA$AA']) {
      expect(await hasher.verify('pw', stored), stored).toBe(false);
    }
  });

  it('runs exactly one derivation per verify, against the dummy hash too, with the same parameters', async () => {
    const seen: ScryptParams[] = [];
    const derive: DeriveFn = (password, salt, params) => {
      seen.push(params);
      return scryptDerive(password, salt, params);
    };
    const counted = createPasswordHasher({ derive });
    const real = await createPasswordHasher().hash('pw-123456');
    expect(await counted.verify('pw-123456', counted.dummyHash)).toBe(false);
    expect(await counted.verify('pw-123456', real)).toBe(true);
    expect(seen).toEqual([SCRYPT_DEFAULTS, SCRYPT_DEFAULTS]);
  });

  it('normalises Unicode, so a composed and a decomposed é are the same password', async () => {
    const hash = await hasher.hash('caf\u00e9-password');
    expect(await hasher.verify('cafe\u0301-password', hash)).toBe(true);
  });

  it('accepts 8 characters to 256 UTF-8 bytes', () => {
    expect(passwordProblem('1234567')).toMatch(/at least 8/);
    expect(passwordProblem('12345678')).toBeUndefined();
    expect(passwordProblem('x'.repeat(256))).toBeUndefined();
    expect(passwordProblem('x'.repeat(257))).toMatch(/256 bytes/);
    expect(passwordProblem('€'.repeat(86))).toMatch(/256 bytes/);
    expect(passwordProblem('😀'.repeat(8))).toBeUndefined();
  });
});
