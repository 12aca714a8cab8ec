/** Reads of the audit log, and the one mapper of an event to the API shape. */
import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

import { AuditEvent } from '../../db/entities/index.ts';
import { pageWindow } from '../../db/pagination.ts';
import type { ConnectionType } from '../../db/replicas.ts';
import type { AuditFilter, AuditView } from './audit.schemas.ts';

/** One page of events, newest first, and the total matching the same filters, read on `connectionType`. */
export async function listAudit(
  em: SqlEntityManager,
  filter: AuditFilter,
  connectionType: ConnectionType = 'write',
): Promise<{ items: AuditView[]; total: number }> {
  const { page, perPage, from, to, actorId, ...rest } = filter;
  const where: FilterQuery<AuditEvent> = { ...rest };
  if (actorId !== undefined) where.actor = actorId;
  if (from || to) where.at = { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lt: new Date(to) } : {}) };
  const [rows, total] = await em.findAndCount(AuditEvent, where, {
    orderBy: { at: 'desc', id: 'desc' },
    ...pageWindow({ page, perPage }),
    connectionType,
  });
  return { items: rows.map(toAuditView), total };
}

function toAuditView(event: AuditEvent): AuditView {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actorId: event.actor?.id ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    ip: event.ip ?? null,
    details: event.details ?? null,
  };
}
