/**
 * The contact form. A message is stored first and mailed after the answer: a mail server that is
 * down loses nothing, the message just keeps `mailedAt: null`.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import { ContactMessage } from '../../db/entities/index.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { contactMail } from '../mail/mail.templates.ts';
import type { ContactInput } from './contact.schemas.ts';

/** Stores the message, then mails it to CONTACT_TO (else the sender address) after the answer. */
export async function receiveMessage(
  em: SqlEntityManager,
  services: Services,
  input: ContactInput,
  sender: { ip: string | null; userAgent: string | null },
  log: Logger,
): Promise<void> {
  const { mailer, clock, config } = services;
  const message = em.create(ContactMessage, { ...input, ...sender, createdAt: clock() });
  await em.flush();
  const mailEm = em.fork();
  await mailer.dispatch(
    async () => {
      const via = await mailer.send(
        (site) =>
          contactMail(site, {
            ...input,
            to: config.mail.contactTo ?? site.fromAddress,
            id: message.id,
            ip: sender.ip,
            at: message.createdAt,
          }),
        log,
      );
      if (via !== 'log') await mailEm.nativeUpdate(ContactMessage, { id: message.id }, { mailedAt: clock() });
    },
    log,
    `contact message ${message.id}`,
  );
}
