import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

import { User } from './user.entity.ts';

const TOKEN_PURPOSES = ['email_verify', 'password_reset'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * A single-use emailed token (email verification, password reset). Only its SHA-256 hash is
 * stored; `usedAt` marks it spent, and a conditional UPDATE on it decides a race.
 */
export const UserToken = defineEntity({
  name: 'UserToken',
  tableName: 'user_tokens',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).unique(),
    purpose: p.enum(TOKEN_PURPOSES),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    expiresAt: p.datetime(3),
    usedAt: p.datetime(3).nullable(),
    createdAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .index(),
  },
});

export type UserToken = InferEntity<typeof UserToken>;
