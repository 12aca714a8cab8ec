/** GET /api/v1/audit (admin): the audit log, newest first, paginated and filterable. */
import { createRoute, z } from '@hono/zod-openapi';
import type { FilterQuery } from '@mikro-orm/core';
import { AuditEvent } from '../../db/entities/index.ts';
import { instant, pageQuery, positiveInt, text } from '../../http/fields.ts';
import { access, createRouter, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { AuthDeps } from '../auth/auth.deps.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';
import { AUDIT_ACTIONS } from './audit.service.ts';

const AuditItem = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actorId: z.number().int().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEvent');

const AuditQuery = z
  .object({
    ...pageQuery,
    action: z.enum(AUDIT_ACTIONS).optional(),
    actorId: positiveInt().optional().openapi({ description: 'Events by this user' }),
    targetType: text().min(1).max(32).optional().openapi({ description: 'e.g. user, content, settings' }),
    targetId: text().min(1).max(64).optional().openapi({ description: 'The target id, as recorded' }),
    from: instant().optional().openapi({ description: 'At or after this instant (ISO 8601)' }),
    to: instant().optional().openapi({ description: 'Before this instant (ISO 8601, exclusive)' }),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'Must be after from' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listAuditEvents',
  tags: ['Audit'],
  summary:
    'Audit events, newest first, paginated; filters action, actorId, targetType, targetId and a from/to time range (UTC offsets accepted)',
  ...access('admin'),
  request: { query: AuditQuery },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(AuditItem), page: z.number().int(), perPage: z.number().int(), total: z.number().int() }),
      'One page of events',
    ),
    ...problemResponses(401, 403, 422),
  },
});

export function auditRoutes(deps: AuthDeps) {
  const router = createRouter<AuthEnv>();
  router.get('/', requireAuth(deps, ['admin']));
  return router.openapi(listRoute, async (c) => {
    const { page, perPage, from, to, actorId, ...rest } = c.req.valid('query');
    const where: FilterQuery<AuditEvent> = { ...rest };
    if (actorId !== undefined) where.actor = actorId;
    if (from || to) where.at = { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lt: new Date(to) } : {}) };
    const [rows, total] = await c.var.em.findAndCount(AuditEvent, where, {
      orderBy: { at: 'desc', id: 'desc' },
      limit: perPage,
      offset: (page - 1) * perPage,
    });
    const items = rows.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actor?.id ?? null,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      ip: e.ip ?? null,
      details: e.details ?? null,
    }));
    return c.json({ items, page, perPage, total }, 200);
  });
}
