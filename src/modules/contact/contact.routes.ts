/**
 * POST /api/v1/contact (public, own per-address limit, honeypot) and GET /api/v1/contact/messages
 * (admin). A message is stored first and mailed after: a mail server that is down loses nothing,
 * the message just keeps `mailedAt: null`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MailConfig } from '../../config.ts';
import { ContactMessage } from '../../db/entities/index.ts';
import { email, pageQuery, text } from '../../http/fields.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { AuthDeps } from '../auth/auth.deps.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';
import { rateLimit } from '../auth/rate-limit.ts';
import { contactMail } from '../mail/mail.templates.ts';

const tags = ['Contact'];

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

const ContactBody = z
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

const ContactMessageSchema = z
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

const ListQuery = z.object(pageQuery);

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

export function contactRoutes(deps: AuthDeps, mail: MailConfig) {
  const router = createRouter<AuthEnv>();
  const limit = mail.contactRateLimitPerMinute;
  router.post('/', rateLimit<AuthEnv>({ store: deps.rateLimitStore, limit, clock: deps.clock, scope: 'contact' }));
  router.get('/messages', requireAuth(deps, ['admin']));

  return router
    .openapi(postRoute, async (c) => {
      const { website, ...body } = c.req.valid('json');
      const log = c.var.log;
      if (website?.trim()) {
        log.info('contact form honeypot filled in: message dropped');
        return c.body(null, 202);
      }
      const em = c.var.em;
      const ip = c.var.client.ip ?? null;
      const userAgent = c.req.header('user-agent')?.slice(0, 255) ?? null;
      const message = em.create(ContactMessage, { ...body, ip, userAgent, createdAt: deps.clock() });
      await em.flush();
      const mailEm = em.fork();
      await deps.mailer.dispatch(
        async () => {
          const via = await deps.mailer.send(
            mailEm,
            (site) => contactMail(site, { ...body, to: mail.contactTo ?? site.fromAddress, id: message.id, ip, at: message.createdAt }),
            log,
          );
          if (via !== 'log') await mailEm.nativeUpdate(ContactMessage, { id: message.id }, { mailedAt: deps.clock() });
        },
        log,
        `contact message ${message.id}`,
      );
      return c.body(null, 202);
    })
    .openapi(listRoute, async (c) => {
      const { page, perPage } = c.req.valid('query');
      const [rows, total] = await c.var.em.findAndCount(
        ContactMessage,
        {},
        { orderBy: { createdAt: 'desc', id: 'desc' }, limit: perPage, offset: (page - 1) * perPage },
      );
      const items = rows.map((m) => ({
        id: m.id,
        name: m.name,
        email: m.email,
        message: m.message,
        ip: m.ip ?? null,
        userAgent: m.userAgent ?? null,
        mailedAt: m.mailedAt?.toISOString() ?? null,
        createdAt: m.createdAt.toISOString(),
      }));
      return c.json({ items, page, perPage, total }, 200);
    });
}
