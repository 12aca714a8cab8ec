/** GET /api/v1/stats (admin): real counts of users, content per status and the last 24 hours. */
import { createRoute, z } from '@hono/zod-openapi';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { AuditEvent, ContactMessage, Content, CONTENT_STATUSES, User } from '../../db/entities/index.ts';
import { access, createRouter, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { AuthDeps } from '../auth/auth.deps.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';

const count = z.number().int().min(0);

const StatsSchema = z
  .object({
    users: z
      .object({ total: count, active: count, admins: count, twoFactor: count })
      .openapi({ description: 'Accounts that are not soft-deleted: all, active, administrators, with two-factor on' }),
    content: z.object({ draft: count, published: count, archived: count }),
    last24h: z.object({ logins: count, failedLogins: count, messages: count }).openapi({
      description:
        'Over the 24 hours before the request: logins and failed logins from the audit log (auth.login, auth.login_failed), messages received through the contact form (honeypot catches are not stored, so not counted).',
    }),
  })
  .openapi('Stats');

export type Stats = z.infer<typeof StatsSchema>;

const statsRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getStats',
  tags: ['Stats'],
  ...access('admin'),
  summary: 'Dashboard counts: users, content per status, logins and messages in the last 24 hours',
  responses: { 200: jsonResponse(StatsSchema, 'The counts'), ...problemResponses(401, 403) },
});

const DAY_MS = 24 * 60 * 60 * 1000;

export async function computeStats(em: SqlEntityManager, now: Date): Promise<Stats> {
  const live = { deletedAt: null };
  const since = { $gte: new Date(now.getTime() - DAY_MS), $lte: now };
  const content = { draft: 0, published: 0, archived: 0 };
  for (const status of CONTENT_STATUSES) content[status] = await em.count(Content, { status });
  return {
    users: {
      total: await em.count(User, live),
      active: await em.count(User, { ...live, active: true }),
      admins: await em.count(User, { ...live, role: 'admin' }),
      twoFactor: await em.count(User, { ...live, twoFactorEnabled: true }),
    },
    content,
    last24h: {
      logins: await em.count(AuditEvent, { action: 'auth.login', at: since }),
      failedLogins: await em.count(AuditEvent, { action: 'auth.login_failed', at: since }),
      messages: await em.count(ContactMessage, { createdAt: since }),
    },
  };
}

export function statsRoutes(deps: AuthDeps) {
  const router = createRouter<AuthEnv>();
  router.use('/', requireAuth(deps, ['admin']));
  return router.openapi(statsRoute, async (c) => c.json(await computeStats(c.var.em, deps.clock()), 200));
}
