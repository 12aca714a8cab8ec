/**
 * Checked-in migrations, one folder per dialect, listed explicitly so bundles need no discovery.
 * The names are static (readiness compares them with the migrations table); the classes, and
 * MikroORM's migrations package with them, load only when migrations run.
 * `npm run db:migration:create` writes a new file and regenerates the dialect's list.
 */
import type { MigrationObject } from '@mikro-orm/core';
import type { DbType } from '../../config.ts';
import * as mariadb from './mariadb/index.ts';
import * as mysql from './mysql/index.ts';
import * as postgresql from './postgresql/index.ts';
import * as sqlite from './sqlite/index.ts';

const BY_TYPE: Record<DbType, { names: readonly string[]; load(): Promise<MigrationObject[]> }> = { sqlite, mysql, mariadb, postgresql };

export function migrationNames(type: DbType): readonly string[] {
  return BY_TYPE[type].names;
}

export function loadMigrations(type: DbType): Promise<MigrationObject[]> {
  return BY_TYPE[type].load();
}
