/** GET /api/v1/audit (admin): the audit log, newest first, paginated and filterable. */
import { createRoute, z } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { access, createRouter, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { listAudit } from './audit.repository.ts';
import { AuditItem, AuditQuery } from './audit.schemas.ts';

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

export function auditRoutes(services: Services) {
  return createRouter<AuthEnv>().openapi(guarded(services, listRoute), async (c) => {
    const query = c.req.valid('query');
    // The log may lag behind the writes by the replication delay: it is read on a read replica.
    const { items, total } = await services.onReplica((connectionType) => listAudit(c.var.em, query, connectionType));
    return c.json({ items, page: query.page, perPage: query.perPage, total }, 200);
  });
}
