/** Reads of the contact messages, and the one mapper of a message to the API shape. */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { ContactMessage } from '../../db/entities/index.ts';
import { pageWindow } from '../../db/pagination.ts';
import type { ContactMessageView } from './contact.schemas.ts';

/** One page of messages, newest first, and their total. */
export async function listMessages(
  em: SqlEntityManager,
  page: { page: number; perPage: number },
): Promise<{ items: ContactMessageView[]; total: number }> {
  const [rows, total] = await em.findAndCount(ContactMessage, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, ...pageWindow(page) });
  return { items: rows.map(toMessageView), total };
}

function toMessageView(message: ContactMessage): ContactMessageView {
  return {
    id: message.id,
    name: message.name,
    email: message.email,
    message: message.message,
    ip: message.ip ?? null,
    userAgent: message.userAgent ?? null,
    mailedAt: message.mailedAt?.toISOString() ?? null,
    createdAt: message.createdAt.toISOString(),
  };
}
