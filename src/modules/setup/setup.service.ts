/**
 * Installing from a browser: the report of what the app sees (readable while no administrator
 * exists), the migrations with the default settings, the first administrator with the site's name
 * and URL, and an SMTP test. Every step that changes something needs the one-time SETUP_TOKEN, and
 * each refuses (409, SETUP_DONE_TYPE) once an administrator exists, but the migrations, which an
 * administrator may apply after.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, relative } from 'node:path';

import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

import pkg from '../../../package.json' with { type: 'json' };
import type { Config } from '../../config.ts';
import type { LANGUAGES } from '../../db/entities/index.ts';
import { Setting, User, UserPreferences } from '../../db/entities/index.ts';
import type { Orm } from '../../db/orm.ts';
import { seedDefaults } from '../../db/seed.ts';
import { ProblemError } from '../../http/problem.ts';
import type { ClientInfo } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { updateSettings } from '../settings/settings.service.ts';
import { createUser, type NewUser } from '../users/users.service.ts';
import { type InstallReport, SETUP_DONE_TYPE, type SetupStatus } from './setup.schemas.ts';

const REQUIRED_NODE = pkg.engines.node;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** 403 unless `token` is the server's SETUP_TOKEN (compared as digests: equal length, constant time). */
function checkSetupToken(config: Config, token: string | undefined): void {
  const expected = config.auth.setupToken;
  if (!expected) {
    throw new ProblemError({
      status: 403,
      detail: 'Setup is disabled: SETUP_TOKEN is not set on the server (or use npm run admin:create)',
    });
  }
  if (token === undefined) throw new ProblemError({ status: 403, detail: 'Send the server’s SETUP_TOKEN as token' });
  if (!timingSafeEqual(digest(token), digest(expected))) throw new ProblemError({ status: 403, detail: 'Wrong setup token' });
}

const setupDone = () =>
  new ProblemError({
    status: 409,
    type: SETUP_DONE_TYPE,
    title: 'Setup is done',
    detail: 'Setup is done: an administrator already exists',
  });

/**
 * Whether an administrator exists. A database without the users table (nothing migrated yet) has
 * none; any other failure is a real one.
 */
async function adminExists(em: SqlEntityManager, orm: Orm): Promise<boolean> {
  try {
    return (await em.count(User, { role: 'admin' })) > 0;
  } catch (error) {
    if ((await orm.pendingMigrations()).length) return false;
    throw error;
  }
}

async function refuseOnceAnAdminExists(em: SqlEntityManager, orm: Orm): Promise<void> {
  if (await adminExists(em, orm)) throw setupDone();
}

/**
 * GET /setup: `installed`, and while it is false, the report. Every console load asks, so an
 * installed site answers after one query; the report's probes run only before that.
 */
export async function setupStatus(em: SqlEntityManager, orm: Orm, config: Config, client: ClientInfo, url: string): Promise<SetupStatus> {
  try {
    if ((await em.count(User, { role: 'admin' })) > 0) return { installed: true };
  } catch {
    // No users table yet, or no database: the report says which.
  }
  const ping = await orm.ping();
  const pendingMigrations = ping.ok ? await orm.pendingMigrations() : [];
  return { installed: false, report: await report(config, orm, client, url, { ...ping, pendingMigrations }) };
}

async function report(
  config: Config,
  orm: Orm,
  client: ClientInfo,
  url: string,
  database: { ok: boolean; latencyMs: number; pendingMigrations: string[] },
): Promise<InstallReport> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = /(\d+)\.(\d+)/.exec(REQUIRED_NODE)?.slice(1).map(Number) ?? [];
  return {
    node: {
      version: process.versions.node,
      required: REQUIRED_NODE,
      supported: major > needMajor || (major === needMajor && minor >= needMinor),
    },
    database: {
      type: orm.type,
      driver: orm.driver,
      reachable: database.ok,
      latencyMs: Math.round(database.latencyMs * 10) / 10,
      pendingMigrations: database.pendingMigrations,
    },
    dataFolder: config.db.type === 'sqlite' && config.db.path !== ':memory:' ? await dataFolder(config) : null,
    secretKey: config.secretKeyGenerated ? 'random' : 'persistent',
    mail: config.mail.smtp ? 'environment' : config.env === 'production' ? 'unconfigured' : 'log',
    basePath: client.prefix,
    publicUrl: config.publicUrl ?? null,
    origin: `${client.secure ? 'https' : 'http'}://${new URL(url).host}`,
    target: config.target,
    setupToken: Boolean(config.auth.setupToken),
  };
}

/** The SQLite file's folder (relative to the app root when inside it) and whether this process may write there. */
async function dataFolder(config: Config): Promise<{ path: string; writable: boolean }> {
  const folder = dirname(config.db.path);
  const shown = relative(config.appRoot, folder);
  const path = shown && !shown.startsWith('..') ? shown : shown === '' ? '.' : folder;
  try {
    await access(folder, constants.W_OK);
    return { path, writable: true };
  } catch {
    return { path, writable: false };
  }
}

/**
 * POST /setup/migrations: the pending migrations, then the default settings that are missing.
 * An administrator (`signedIn`) may always; anyone else needs the token, until an administrator exists.
 */
export async function applyMigrations(
  em: SqlEntityManager,
  orm: Orm,
  config: Config,
  { token, signedIn }: { token: string | undefined; signedIn: Pick<User, 'role'> | undefined },
): Promise<{ applied: string[]; seeded: number }> {
  if (signedIn) {
    if (signedIn.role !== 'admin') throw new ProblemError({ status: 403, detail: 'This needs the role admin' });
  } else {
    await refuseOnceAnAdminExists(em, orm);
    checkSetupToken(config, token);
  }
  const applied = (await orm.pendingMigrations()).length ? await orm.migrate() : [];
  const seeded = await seedDefaults(orm.fork());
  return { applied, seeded };
}

/**
 * Inside the creating transaction: takes a row lock first, so concurrent setups queue on it and
 * each sees the administrator the one before committed (without it, MariaDB and PostgreSQL let
 * several through). The seeded `registration_enabled` row serves as the lock (SQLite serialises
 * writers anyway). Without the seed there is no row to lock and the check alone remains.
 */
async function lockThenRefuseOnceAnAdminExists(tx: SqlEntityManager): Promise<void> {
  await tx.findOne(Setting, { key: 'registration_enabled' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if ((await tx.count(User, { role: 'admin' })) > 0) throw setupDone();
}

type FirstAdmin = Omit<NewUser, 'role'> & { token: string; siteName?: string; siteUrl?: string; language?: (typeof LANGUAGES)[number] };

/** POST /setup: the first administrator, with SETUP_TOKEN, and the site's name and URL and their language when given. */
export async function setupAdmin(
  em: SqlEntityManager,
  orm: Orm,
  services: Services,
  { token, siteName, siteUrl, language, ...account }: FirstAdmin,
  ip: string | undefined,
): Promise<User> {
  await refuseOnceAnAdminExists(em, orm);
  checkSetupToken(services.config, token);
  const now = services.clock();
  const context = { hasher: services.hasher, now, ip, precondition: lockThenRefuseOnceAnAdminExists };
  const user = await createUser(em, { ...account, role: 'admin' }, context);
  const site = { ...(siteName === undefined ? {} : { site_name: siteName }), ...(siteUrl === undefined ? {} : { site_url: siteUrl }) };
  await updateSettings(em, services.cipher, site, { id: user.id, ip, now });
  if (language) await em.fork().insert(UserPreferences, { user: user.id, language, updatedAt: now });
  return user;
}

/** POST /setup/smtp-test: the token, and no administrator yet (then the settings' own test takes over). */
export async function checkInstalling(em: SqlEntityManager, orm: Orm, config: Config, token: string): Promise<void> {
  await refuseOnceAnAdminExists(em, orm);
  checkSetupToken(config, token);
}
