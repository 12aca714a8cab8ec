/** Request and response schemas of /api/v1/contact. */
import { z } from '@hono/zod-openapi';

import { email, pageQuery, text } from '../../http/fields.ts';

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export const ContactBody = z
  .object({
    name: text().trim().min(1).max(100).regex(NO_CONTROL, 'must be one line of text').openapi({ example: 'Ada Lovelace' }),
    email: email().openapi({ example: 'ada@example.com' }),
    message: text().trim().min(1).max(5000),
    website: text()
      .max(2000)
      .optional()
      .openapi({ description: 'Leave empty: a form field hidden from people; filled in, the message is dropped (answered the same)' }),
  })
  .openapi('ContactRequest');

export const ContactMessageSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    message: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    mailedAt: z.iso.datetime().nullable().openapi({ description: 'When it was mailed to the site; null while not (mail down or off)' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('ContactMessage');

export const ListQuery = z.object(pageQuery);

export type ContactInput = Omit<z.infer<typeof ContactBody>, 'website'>;
export type ContactMessageView = z.infer<typeof ContactMessageSchema>;
