/**
 * Password hashing with scrypt from node:crypto: memory-hard and built into every Node the project
 * supports, so it runs on a shared host with no native addon. Parameters: N=2^15, r=8, p=3, one of
 * OWASP's equivalent scrypt settings (its minimum is N=2^17 r=8 p=1 at 128 MiB; this keeps 32 MiB
 * per hash, 128 * N * r, which a shared host's memory limit carries, and buys the cost back with
 * p=3: about three times the CPU of p=1). Node 24 also has argon2id in node:crypto, but not the
 * Node 22 the project still supports: a hash written by it would lock its account out after a move
 * to an older Node, so scrypt it is everywhere. N, r and p are stored with each hash, so older hashes
 * stay verifiable, and one made with other parameters is re-hashed at its next successful login
 * (`needsRehash`). Hash format: `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key b64url>`.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const SCRYPT_DEFAULTS: Readonly<ScryptParams> = Object.freeze({ log2N: 15, r: 8, p: 3 });
const SALT_BYTES = 32;
const KEY_BYTES = 32;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_BYTES = 256;

/** The raw key derivation; a test can wrap it to count calls. */
export type DeriveFn = (password: string, salt: Buffer, params: ScryptParams) => Promise<Buffer>;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time check; a malformed stored hash is false, never an exception. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether `stored` was made with other parameters than this hasher's (to be replaced at the next login). */
  needsRehash(stored: string): boolean;
  /** A hash no password matches, with the current parameters: unknown users are verified against it. */
  readonly dummyHash: string;
}

export const scryptDerive: DeriveFn = (password, salt, { log2N, r, p }) => {
  const N = 2 ** log2N;
  // Node refuses above maxmem (32 MiB by default); 128 * N * r is what scrypt needs, doubled for headroom.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
};

/** scrypt with `params` (the defaults above unless given); `derive` replaces the key derivation (tests count calls). */
export function createPasswordHasher(options: { params?: ScryptParams; derive?: DeriveFn } = {}): PasswordHasher {
  const params = options.params ?? SCRYPT_DEFAULTS;
  const derive = options.derive ?? scryptDerive;
  const encode = (salt: Buffer, key: Buffer) =>
    ['scrypt', params.log2N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  return {
    dummyHash: encode(randomBytes(SALT_BYTES), randomBytes(KEY_BYTES)),
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      return encode(salt, await derive(password, salt, params));
    },
    async verify(password, stored) {
      const parsed = parse(stored);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.params);
      return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
    },
    needsRehash(stored) {
      const parsed = parse(stored)?.params;
      return !parsed || parsed.log2N !== params.log2N || parsed.r !== params.r || parsed.p !== params.p;
    },
  };
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const [scheme, log2N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  const params = { log2N: Number(log2N), r: Number(r), p: Number(p) };
  if (![params.log2N, params.r, params.p].every((n) => Number.isInteger(n) && n > 0) || params.log2N > 22) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Why a new password is refused, or undefined. Length counts characters; the cap counts UTF-8 bytes. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  return undefined;
}
