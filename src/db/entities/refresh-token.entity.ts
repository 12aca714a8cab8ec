import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

import { User } from './user.entity.ts';

/**
 * One refresh token, stored as the SHA-256 of its value. Every login starts a family; each refresh
 * revokes the token it used and points `replacedById` at its successor, so presenting a rotated
 * token again is recognisable as reuse and revokes the whole family.
 */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).unique(),
    familyId: p.string().length(36).index(),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    expiresAt: p.datetime(3),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    revokedAt: p.datetime(3).nullable(),
    replacedById: p.integer().nullable(),
  },
});

export type RefreshToken = InferEntity<typeof RefreshToken>;
