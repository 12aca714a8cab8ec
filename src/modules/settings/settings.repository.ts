/**
 * The one reader of the settings, for every module that acts on one: a typed query on the driver
 * (`Orm.read`), which costs an authenticated request's 2FA check or a mail's sender a fraction of
 * an entity find, needs no EntityManager, and never touches an identity map. Writes go through the
 * entities (`settings.service.ts`).
 */
import type { InferKyselyDB } from '@mikro-orm/sql';
import type { CompiledQuery, Selectable } from 'kysely';

import type { Setting } from '../../db/entities/index.ts';
import type { Orm } from '../../db/orm.ts';
import { queryBuilder, type ReadFn } from '../../db/read.ts';
import { SETTING_DEFAULTS } from '../../db/seed.ts';
import type { SettingValue } from './settings.schemas.ts';

/** A settings row: its value decoded from JSON, and whether it is a sealed secret. */
export interface StoredSetting {
  key: string;
  value: unknown;
  encrypted: boolean;
}

export interface SettingsReader {
  /** The stored rows of `keys`, or of every setting when none are named. */
  rows(keys?: readonly string[]): Promise<StoredSetting[]>;
  /** Each key's stored value, else its default ('' for a key without one). Secrets come back sealed. */
  values<K extends string>(keys: readonly K[]): Promise<Record<K, SettingValue>>;
  /** Whether a boolean setting (`2fa_required`, `registration_enabled`...) is on. */
  flag(key: string): Promise<boolean>;
}

const DEFAULTS = new Map(SETTING_DEFAULTS.map((d) => [d.key, d.value]));

/** Each key's value in `rows`, else its default. */
export function storedOrDefault<K extends string>(keys: readonly K[], rows: readonly StoredSetting[]): Record<K, SettingValue> {
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  return Object.fromEntries(
    keys.map((key) => {
      const value = stored.get(key);
      return [key, value === null || value === undefined ? (DEFAULTS.get(key) ?? '') : (value as SettingValue)];
    }),
  ) as Record<K, SettingValue>;
}

function reader(rows: SettingsReader['rows']): SettingsReader {
  return {
    rows,
    values: async (keys) => storedOrDefault(keys, await rows(keys)),
    flag: async (key) => (await storedOrDefault([key], await rows([key])))[key] === true,
  };
}

type Db = InferKyselyDB<typeof Setting>;

/**
 * The settings reader of `orm`: one query per call, compiled once per set of keys, run by `read`
 * (the primary's reader by default; `orm.readReplica` for the public subset).
 */
export function createSettingsReader(orm: Orm, read: ReadFn = orm.read): SettingsReader {
  // The drivers that parse JSON columns themselves (pg, mysql2 on MySQL) hand back values; the
  // others (SQLite, MariaDB) hand back the JSON text, parsed here as the entity would be.
  const parsed = orm.mikro.em.getPlatform().convertsJsonAutomatically();
  const decode = (value: unknown): unknown => (parsed || typeof value !== 'string' ? value : parseJson(value));
  // Compiled once per set of keys: the keys come from the code, never from a request.
  const queries = new Map<string, CompiledQuery<Pick<Selectable<Db['settings']>, 'key' | 'value' | 'encrypted'>>>();
  const compile = async (keys: readonly string[] | undefined) => {
    const query = (await queryBuilder<Db>(orm)).selectFrom('settings').select(['key', 'value', 'encrypted']);
    return (keys ? query.where('key', 'in', [...keys]) : query).compile();
  };
  return reader(async (keys) => {
    if (keys?.length === 0) return [];
    const id = keys?.join('\n') ?? '*';
    const query = queries.get(id) ?? (await compile(keys));
    queries.set(id, query);
    const rows = await read(query);
    // SQLite and MariaDB answer booleans as 0 and 1.
    return rows.map((row) => ({ key: row.key, value: decode(row.value), encrypted: Boolean(row.encrypted) }));
  });
}

/** The settings as a database without a row would answer them (a mailer in a unit test, with no database). */
export function defaultSettings(): SettingsReader {
  return reader(async () => []);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
