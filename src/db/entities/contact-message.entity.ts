import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * A message sent through the public contact form (the seed's limits: name 1-100, email up to
 * 254, message 1-5000). Stored before it is mailed; `mailedAt` stays null when mailing failed.
 */
export const ContactMessage = defineEntity({
  name: 'ContactMessage',
  tableName: 'contact_messages',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(100),
    email: p.string().length(254),
    message: p.text(),
    ip: p.string().length(45).nullable(),
    userAgent: p.string().length(255).nullable(),
    mailedAt: p.datetime(3).nullable(),
    createdAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .index(),
  },
});

export type ContactMessage = InferEntity<typeof ContactMessage>;
