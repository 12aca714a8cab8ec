import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

import { User } from './user.entity.ts';

/** A security event or an admin mutation; the actor becomes null when the user is deleted. */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  properties: {
    id: p.integer().primary().autoincrement(),
    at: p
      .datetime(3)
      .onCreate(() => new Date())
      .index(),
    actor: () => p.manyToOne(User).deleteRule('set null').nullable().index(),
    action: p.string().length(64).index(),
    targetType: p.string().length(32).nullable(),
    targetId: p.string().length(64).nullable(),
    ip: p.string().length(45).nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});

export type AuditEvent = InferEntity<typeof AuditEvent>;
