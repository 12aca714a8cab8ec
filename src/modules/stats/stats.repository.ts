/** The counts behind GET /stats, each one query. */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { AuditEvent, ContactMessage, Content, CONTENT_STATUSES, User } from '../../db/entities/index.ts';
import type { Stats } from './stats.schemas.ts';

/** Accounts that are not soft-deleted, content per status, and the logins and messages between `since` and `until`. */
export async function countAll(em: SqlEntityManager, { since, until }: { since: Date; until: Date }): Promise<Stats> {
  const live = { deletedAt: null };
  const window = { $gte: since, $lte: until };
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
      logins: await em.count(AuditEvent, { action: 'auth.login', at: window }),
      failedLogins: await em.count(AuditEvent, { action: 'auth.login_failed', at: window }),
      messages: await em.count(ContactMessage, { createdAt: window }),
    },
  };
}
