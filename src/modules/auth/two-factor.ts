/**
 * TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of drift either way) with the
 * `otpauth` library, QR codes as SVG with `qrcode`.
 *
 * Storage uses the user's reserved columns, so no migration is needed: `totpSecret` holds
 * `<base32 secret>` while setup is pending (`twoFactorEnabled` false) and
 * `<base32 secret>:<hash>,<hash>,...` once enabled, one hash per unused backup code (a used code's
 * hash is removed). A hash is HMAC-SHA256 under a key derived from SECRET_KEY (HKDF), of the user id
 * and the code, truncated to 96 bits: a database dump alone cannot be brute-forced back into codes.
 * `totpLastStep` is the last accepted time step; a code is accepted only for a later step, and the
 * step is claimed by a conditional UPDATE, so two concurrent requests cannot both use one code.
 */
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

import type { SqlEntityManager } from '@mikro-orm/sql';
import { sign } from 'hono/jwt';
import { Secret, TOTP } from 'otpauth';

import { User } from '../../db/entities/index.ts';
import { hs256Verifier } from './tokens.ts';

export const BACKUP_CODE_COUNT = 10;
const MFA_TOKEN_TTL_S = 300;
const ISSUER = 'Filamenta';
const PERIOD = 30;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface TwoFactorKit {
  /** A short-lived signed token saying "this user gave the right password"; not an access token. */
  issueMfaToken(userId: number, now: Date): Promise<string>;
  /** The user id of a valid, unexpired mfa token; undefined for anything else. */
  checkMfaToken(token: string, now: Date): Promise<number | undefined>;
  hashBackupCode(userId: number, code: string): string;
}

export function twoFactorKit(secretKey: string): TwoFactorKit {
  const mfaKey = Buffer.from(hkdfSync('sha256', secretKey, 'filamenta', 'mfa-token/v1', 32)).toString('base64url');
  const backupKey = Buffer.from(hkdfSync('sha256', secretKey, 'filamenta', 'backup-code/v1', 32));
  const verify = hs256Verifier(mfaKey);
  return {
    async issueMfaToken(userId, now) {
      const iat = Math.floor(now.getTime() / 1000);
      return sign({ sub: String(userId), typ: 'mfa', iat, exp: iat + MFA_TOKEN_TTL_S }, mfaKey, 'HS256');
    },
    async checkMfaToken(token, now) {
      const userId = Number(verify(token, 'mfa', now)?.sub);
      return Number.isSafeInteger(userId) ? userId : undefined;
    },
    hashBackupCode(userId, code) {
      return createHmac('sha256', backupKey)
        .update(`${userId}:${normalizeBackupCode(code)}`)
        .digest()
        .subarray(0, 12)
        .toString('base64url');
    },
  };
}

/** `abcde-fghij`, `ABCDEFGHIJ` and `abcde fghij` are the same code. */
const normalizeBackupCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

const isTotpCode = (code: string) => /^\d{6}$/.test(code);

function totp(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** A pending secret, its otpauth URL and that URL as a QR code (SVG), for an authenticator app. */
export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export async function newSetup(label: string): Promise<TwoFactorSetup> {
  const secret = new Secret({ size: 20 }).base32;
  const otpauthUrl = totp(secret, label).toString();
  // Imported on first use: only 2FA set-up draws a QR code, and qrcode with its PNG encoder is 130 KiB a start would parse.
  const { default: QRCode } = await import('qrcode');
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUrl, qrSvg };
}

/** The time step `code` is valid for (now, or one step either side), or undefined. */
export function matchingStep(secret: string, code: string, now: Date): number | undefined {
  const t = totp(secret, 'check');
  const delta = t.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : t.counter({ timestamp: now.getTime() }) + delta;
}

export function newBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => BASE32[randomInt(BASE32.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`.toLowerCase();
  });
}

export function packSecret(secret: string, hashes: readonly string[] = []): string {
  return hashes.length ? `${secret}:${hashes.join(',')}` : secret;
}

export function unpackSecret(stored: string): { secret: string; hashes: string[] } {
  const [secret, list = ''] = stored.split(':');
  return { secret, hashes: list ? list.split(',') : [] };
}

/**
 * Checks `code` (a TOTP code or a backup code) for a user with 2FA on and consumes it atomically:
 * the TOTP step or the backup code is claimed by a conditional UPDATE, so it works once.
 * Returns how the code matched, or undefined (wrong, replayed or already used).
 */
export async function consumeCode(
  em: SqlEntityManager,
  user: User,
  code: string,
  kit: TwoFactorKit,
  now: Date,
): Promise<'totp' | 'backup_code' | undefined> {
  if (!user.totpSecret) return undefined;
  const { secret, hashes } = unpackSecret(user.totpSecret);
  if (isTotpCode(code)) {
    const step = matchingStep(secret, code, now);
    if (step === undefined || (user.totpLastStep != null && step <= user.totpLastStep)) return undefined;
    const claimed = await em.nativeUpdate(
      User,
      { id: user.id, $or: [{ totpLastStep: null }, { totpLastStep: { $lt: step } }] },
      { totpLastStep: step },
    );
    if (!claimed) return undefined;
    user.totpLastStep = step;
    return 'totp';
  }
  const wanted = Buffer.from(kit.hashBackupCode(user.id, code));
  const index = hashes.findIndex((h) => h.length === wanted.length && timingSafeEqual(Buffer.from(h), wanted));
  if (index < 0) return undefined;
  const remaining = hashes.filter((_, i) => i !== index);
  const next = packSecret(secret, remaining);
  // Conditional on the value read: of two concurrent uses of one code, only one matches.
  const claimed = await em.nativeUpdate(User, { id: user.id, totpSecret: user.totpSecret }, { totpSecret: next });
  if (!claimed) return undefined;
  user.totpSecret = next;
  return 'backup_code';
}
