/** Reads and writes the settings; a write and its audit event share one transaction. */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Setting } from '../../db/entities/index.ts';
import { SETTING_DEFAULTS } from '../../db/seed.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SettingsCipher } from './settings.crypto.ts';
import { SECRET_MASK, type SettingsMap, type SettingValue } from './settings.schemas.ts';

const DEFAULTS = new Map(SETTING_DEFAULTS.map((d) => [d.key, d]));
const ORDER = SETTING_DEFAULTS.map((d) => d.key);

export interface SettingsActor {
  id: number;
  ip?: string;
  now: Date;
}

/** Every known setting (stored value, else its default), secrets masked. */
export async function readSettings(em: SqlEntityManager): Promise<SettingsMap> {
  const stored = new Map((await em.find(Setting, {})).map((s) => [s.key, s]));
  const out: SettingsMap = {};
  for (const d of SETTING_DEFAULTS) {
    const row = stored.get(d.key);
    const value = storedOrDefault(row, d.value);
    out[d.key] = d.encrypted || row?.encrypted ? mask(value) : value;
  }
  return out;
}

/** Some settings that are not secret (stored value, else default), in one query; a secret key throws. */
export async function readPlainSettings<K extends string>(em: SqlEntityManager, keys: readonly K[]): Promise<Record<K, SettingValue>> {
  const secret = keys.filter((key) => !DEFAULTS.has(key) || DEFAULTS.get(key)?.encrypted);
  if (secret.length) throw new Error(`not plain settings: ${secret.join(', ')}`);
  // A row marked encrypted is never answered in the clear, whatever its key.
  return valuesOf(keys, await em.find(Setting, { key: { $in: [...keys] }, encrypted: false }));
}

/** Each key's stored value, else its default ('' for a key without one). */
function valuesOf<K extends string>(keys: readonly K[], rows: Setting[]): Record<K, SettingValue> {
  const stored = new Map(rows.map((s) => [s.key, s]));
  return Object.fromEntries(keys.map((key) => [key, storedOrDefault(stored.get(key), DEFAULTS.get(key)?.value ?? '')])) as Record<
    K,
    SettingValue
  >;
}

function storedOrDefault(row: Setting | undefined, fallback: SettingValue): SettingValue {
  return row && row.value !== null && row.value !== undefined ? (row.value as SettingValue) : fallback;
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

/**
 * The stored values of `keys` (the default for a key without a row), for the modules that act on
 * settings. Secrets come back sealed: open them with `settingsCipher(secretKey).open(key, value)`.
 */
export async function settingValues<K extends string>(em: SqlEntityManager, keys: readonly K[]): Promise<Record<K, SettingValue>> {
  return valuesOf(keys, await em.find(Setting, { key: { $in: [...keys] } }));
}
