/** The counts behind GET /stats, each one query. */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { AuditEvent, ContactMessage, Content, CONTENT_STATUSES, User } from '../../db/entities/index.ts';
import type { ConnectionType } from '../../db/replicas.ts';
import type { Stats } from './stats.schemas.ts';

/**
 * Accounts that are not soft-deleted, content per status, and the logins and messages between
 * `since` and `until`, counted on `connectionType`.
 */
export async function countAll(
  em: SqlEntityManager,
  { since, until }: { since: Date; until: Date },
  connectionType: ConnectionType,
): Promise<Stats> {
  const on = { connectionType };
  const live = { deletedAt: null };
  const window = { $gte: since, $lte: until };
  const content = { draft: 0, published: 0, archived: 0 };
  for (const status of CONTENT_STATUSES) content[status] = await em.count(Content, { status }, on);
  return {
    users: {
      total: await em.count(User, live, on),
      active: await em.count(User, { ...live, active: true }, on),
      admins: await em.count(User, { ...live, role: 'admin' }, on),
      twoFactor: await em.count(User, { ...live, twoFactorEnabled: true }, on),
    },
    content,
    last24h: {
      logins: await em.count(AuditEvent, { action: 'auth.login', at: window }, on),
      failedLogins: await em.count(AuditEvent, { action: 'auth.login_failed', at: window }, on),
      messages: await em.count(ContactMessage, { createdAt: window }, on),
    },
  };
}
