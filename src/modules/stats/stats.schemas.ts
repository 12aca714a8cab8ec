/** The answer of GET /api/v1/stats. */
import { z } from '@hono/zod-openapi';

const count = z.number().int().min(0);

export const StatsSchema = z
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
