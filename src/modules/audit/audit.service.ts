/**
 * The audit log. `recordAudit` only persists into the EntityManager it is given, so the event is
 * flushed in the same transaction as the change it records.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { AuditEvent } from '../../db/entities/index.ts';
import { compiledInsert } from '../../db/insert.ts';

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

const insertAuditRow = compiledInsert('audit_events', ['at', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'details']);

/** The same row inserted at once (one statement written once, no unit of work), for the hot write paths; `em` must be in a transaction. */
export async function insertAudit(em: SqlEntityManager, input: AuditInput): Promise<void> {
  const { at, actor, action, targetType, targetId, ip, details } = auditFields(input);
  await insertAuditRow(em, { at, actor_id: actor, action, target_type: targetType, target_id: targetId, ip, details });
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
