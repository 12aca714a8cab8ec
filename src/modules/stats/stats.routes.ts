/** GET /api/v1/stats (admin): real counts of users, content per status and the last 24 hours. */
import { createRoute } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { access, createRouter, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { StatsSchema } from './stats.schemas.ts';
import { computeStats } from './stats.service.ts';

const statsRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getStats',
  tags: ['Stats'],
  ...access('admin'),
  summary: 'Dashboard counts: users, content per status, logins and messages in the last 24 hours',
  responses: { 200: jsonResponse(StatsSchema, 'The counts'), ...problemResponses(401, 403) },
});

export function statsRoutes(services: Services) {
  return createRouter<AuthEnv>().openapi(guarded(services, statsRoute), async (c) =>
    // Counts may lag behind the writes by the replication delay: they run on a read replica.
    c.json(await services.onReplica((connectionType) => computeStats(c.var.em, services.clock(), connectionType)), 200),
  );
}
