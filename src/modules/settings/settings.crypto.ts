/**
 * Secret settings at rest: AES-256-GCM under a key derived from SECRET_KEY by HKDF-SHA256, the
 * setting's name bound in as associated data (a sealed value cannot be moved to another key).
 * Stored as the string `enc:v1:<iv>.<ciphertext>.<tag>` (base64url); "" stays "" (nothing set).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export interface SettingsCipher {
  seal(key: string, plain: string): string;
  /** The plain text of a stored value; a value stored before encryption is returned as it is. */
  open(key: string, stored: unknown): string;
}

function isSealed(stored: unknown): stored is string {
  return typeof stored === 'string' && stored.startsWith(PREFIX);
}

export function settingsCipher(secretKey: string): SettingsCipher {
  const aesKey = Buffer.from(hkdfSync('sha256', secretKey, 'filamenta', 'settings/v1', 32));
  return {
    seal(key, plain) {
      if (plain === '') return '';
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      cipher.setAAD(Buffer.from(key));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${[iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.')}`;
    },
    open(key, stored) {
      if (!isSealed(stored)) return typeof stored === 'string' ? stored : '';
      const [iv, body, tag] = stored
        .slice(PREFIX.length)
        .split('.')
        .map((p) => Buffer.from(p, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', aesKey, iv);
      decipher.setAAD(Buffer.from(key));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(`The secret setting ${key} cannot be decrypted: SECRET_KEY differs from the one that encrypted it; set it again`);
      }
    },
  };
}
