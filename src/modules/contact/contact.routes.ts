/**
 * POST /api/v1/contact (public, own per-address limit, honeypot) and GET /api/v1/contact/messages
 * (admin). A message is stored first and mailed after: a mail server that is down loses nothing,
 * the message just keeps `mailedAt: null`.
 */
import { createRoute, z } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { listMessages } from './contact.repository.ts';
import { ContactBody, ContactMessageSchema, ListQuery } from './contact.schemas.ts';
import { receiveMessage } from './contact.service.ts';

const tags = ['Contact'];

const postRoute = jsonPost({
  path: '/',
  operationId: 'sendContactMessage',
  tags,
  summary:
    '{ name, email, message } (1-100, up to 254, 1-5000 characters) -> 202: stored, then mailed to CONTACT_TO; own per-address limit; honeypot field website',
  body: ContactBody,
  responses: { 202: { description: 'Received' }, ...problemResponses(422, 429) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/messages',
  operationId: 'listContactMessages',
  tags,
  ...access('admin'),
  summary: 'Contact messages, newest first, paginated; mailedAt is null while a message was not mailed',
  request: { query: ListQuery },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(ContactMessageSchema), page: z.number().int(), perPage: z.number().int(), total: z.number().int() }),
      'One page of messages',
    ),
    ...problemResponses(401, 403, 422),
  },
});

export function contactRoutes(services: Services) {
  const perAddress = rateLimit<AuthEnv>(services, 'contact', services.config.mail.contactRateLimitPerMinute);

  return createRouter<AuthEnv>()
    .openapi(guarded(services, postRoute, { before: [perAddress] }), async (c) => {
      const { website, ...message } = c.req.valid('json');
      const sender = { ip: c.var.client.ip ?? null, userAgent: c.req.header('user-agent')?.slice(0, 255) ?? null };
      // A filled-in honeypot is a robot: answered like anyone, nothing stored or mailed.
      if (website?.trim()) c.var.log.info('contact form honeypot filled in: message dropped');
      else await receiveMessage(c.var.em, services, message, sender, c.var.log);
      return c.body(null, 202);
    })
    .openapi(guarded(services, listRoute), async (c) => {
      const { page, perPage } = c.req.valid('query');
      const { items, total } = await listMessages(c.var.em, { page, perPage });
      return c.json({ items, page, perPage, total }, 200);
    });
}
