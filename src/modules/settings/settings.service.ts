/** Reads and writes the settings; a write and its audit event share one transaction. */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { LANGUAGES, Setting } from '../../db/entities/index.ts';
import { SETTING_DEFAULTS } from '../../db/seed.ts';
import { LOGO } from '../../http/console.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SettingsCipher } from './settings.crypto.ts';
import { type SettingsReader, storedOrDefault } from './settings.repository.ts';
import { type PublicConfig, PublicConfigSchema, SECRET_MASK, type SettingsMap, type SettingValue } from './settings.schemas.ts';

const DEFAULTS = new Map(SETTING_DEFAULTS.map((d) => [d.key, d]));
const ORDER = SETTING_DEFAULTS.map((d) => d.key);

export interface SettingsActor {
  id: number;
  ip?: string;
  now: Date;
}

/** Every known setting (stored value, else its default), secrets masked: what GET /settings answers. */
export async function adminSettings(settings: SettingsReader): Promise<SettingsMap> {
  const rows = await settings.rows();
  const values = storedOrDefault(ORDER, rows);
  const sealed = new Set(rows.filter((row) => row.encrypted).map((row) => row.key));
  return Object.fromEntries(ORDER.map((key) => [key, DEFAULTS.get(key)?.encrypted || sealed.has(key) ? mask(values[key]) : values[key]]));
}

/** Field -> setting key. Only these settings are public; adding one here publishes it. */
const PUBLIC_SETTINGS = {
  siteName: 'site_name',
  siteUrl: 'site_url',
  logoUrl: 'logo_url',
  footerText: 'footer_text',
  registrationEnabled: 'registration_enabled',
  emailVerificationRequired: 'email_verification_required',
  twoFactorRequired: '2fa_required',
} as const;

/**
 * The default `logo_url` of earlier versions, which pointed at nothing; databases seeded then still hold it.
 * It is mapped when read rather than rewritten by a migration: the address depends on the request's
 * base path (BASE_PATH or a trusted X-Forwarded-Prefix), which a migration cannot know.
 */
const OLD_DEFAULT_LOGO = '/static/logo.png';

/** `logo_url` as clients should fetch it: the console's icon under `prefix` when none is set. */
function logoUrl(stored: SettingValue, prefix: string): SettingValue {
  return stored === '' || stored === OLD_DEFAULT_LOGO ? `${prefix}/admin/${LOGO}` : stored;
}

/**
 * What GET /config answers: the public settings, in one query; a row marked encrypted is never
 * answered in the clear. `prefix` is the request's public path prefix, for the default logo.
 */
export async function publicConfig(settings: SettingsReader, prefix: string): Promise<PublicConfig> {
  const fields = Object.entries(PUBLIC_SETTINGS);
  const rows = await settings.rows(Object.values(PUBLIC_SETTINGS));
  const values = storedOrDefault(
    fields.map(([, key]) => key),
    rows.filter((row) => !row.encrypted),
  );
  const config = Object.fromEntries(fields.map(([field, key]) => [field, values[key]]));
  config.logoUrl = logoUrl(config.logoUrl, prefix);
  // Parsed, not cast: a stored value of the wrong type fails here instead of reaching clients.
  return PublicConfigSchema.parse({ ...config, languages: [...LANGUAGES] });
}

function mask(value: SettingValue): SettingValue {
  return value === '' ? '' : SECRET_MASK;
}

/**
 * Applies the named keys (already validated) and records `settings.updated` with the keys that
 * changed, never their values. An empty or masked value for a secret keeps the stored secret.
 */
export async function updateSettings(
  em: SqlEntityManager,
  cipher: SettingsCipher,
  patch: Partial<SettingsMap>,
  actor: SettingsActor,
): Promise<string[]> {
  return em.fork().transactional(async (tx) => {
    // Known keys only (validation refused the others), in the defaults' order.
    const entries = ORDER.map((key) => [key, patch[key]] as const).filter(([key, value]) => {
      if (value === undefined) return false;
      return !(DEFAULTS.get(key)?.encrypted && (value === '' || value === SECRET_MASK));
    }) as [string, SettingValue][];
    if (!entries.length) return [];
    const rows = new Map((await tx.find(Setting, { key: { $in: entries.map(([k]) => k) } })).map((s) => [s.key, s]));
    const changed: string[] = [];
    for (const [key, value] of entries) {
      const secret = DEFAULTS.get(key)?.encrypted ?? false;
      const row = rows.get(key);
      const current = row ? (secret ? openOrNull(cipher, key, row.value) : row.value) : DEFAULTS.get(key)?.value;
      if (current === value) continue;
      // Secrets are stored sealed (encrypted at rest); the rest as typed JSON.
      const stored = secret ? cipher.seal(key, value as string) : value;
      if (row) row.value = stored;
      else tx.create(Setting, { key, value: stored, description: DEFAULTS.get(key)?.description ?? null, encrypted: secret });
      changed.push(key);
    }
    if (changed.length) {
      recordAudit(tx, {
        action: 'settings.updated',
        actorId: actor.id,
        targetType: 'settings',
        ip: actor.ip,
        at: actor.now,
        details: { changed },
      });
    }
    await tx.flush();
    return changed;
  });
}

/** A secret sealed under another SECRET_KEY cannot be compared; the new value replaces it. */
function openOrNull(cipher: SettingsCipher, key: string, stored: unknown): string | null {
  try {
    return cipher.open(key, stored);
  } catch {
    return null;
  }
}
