import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const ROLES = ['admin', 'editor', 'member'] as const;
export type Role = (typeof ROLES)[number];

/**
 * An account. Usernames and emails are stored lower-cased, so uniqueness means the same thing on
 * SQLite, MariaDB (case-insensitive collation) and PostgreSQL (case-sensitive). The two-factor and
 * soft-delete columns are reserved here so that work needs no new migration. Times keep
 * milliseconds (MariaDB's plain datetime drops them).
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(80).unique(),
    email: p.string().length(254).unique(),
    passwordHash: p.string().length(255),
    role: p.enum(ROLES).default('member'),
    active: p.boolean().default(true),
    emailVerified: p.boolean().default(false),
    failedLoginCount: p.integer().default(0),
    lockedUntil: p.datetime(3).nullable(),
    lastLoginAt: p.datetime(3).nullable(),
    lastLoginIp: p.string().length(45).nullable(),
    totpSecret: p.string().length(255).nullable(),
    twoFactorEnabled: p.boolean().default(false),
    totpLastStep: p.bigint('number').nullable(),
    deletedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type User = InferEntity<typeof User>;
