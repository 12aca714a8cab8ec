/**
 * The audit log. `recordAudit` only persists into the EntityManager it is given, so the event is
 * flushed in the same transaction as the change it records.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { AuditEvent } from '../../db/entities/index.ts';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.2fa_enabled',
  'auth.2fa_disabled',
  'auth.password_reset',
  'auth.token_reuse',
  'user.created',
  'user.updated',
  'user.deleted',
  'content.created',
  'content.updated',
  'content.published',
  'content.archived',
  'content.deleted',
  'settings.updated',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  action: AuditAction;
  actorId?: number | null;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  details?: Record<string, unknown>;
  at: Date;
}

export function recordAudit(em: SqlEntityManager, input: AuditInput): AuditEvent {
  return em.create(AuditEvent, auditFields(input));
}

/** The same row inserted at once (one statement, no unit of work), for the hot write paths. */
export async function insertAudit(em: SqlEntityManager, input: AuditInput): Promise<void> {
  await em.insert(AuditEvent, auditFields(input));
}

function auditFields(input: AuditInput) {
  return {
    at: input.at,
    actor: input.actorId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId === undefined ? null : String(input.targetId),
    ip: input.ip ?? null,
    details: input.details ?? null,
  };
}
