/** POST /api/v1/settings/smtp/test (admin): the seed's "SMTP test", with the SMTP error spelled out. */
import { type AuthEnv, guarded } from '../../http/auth.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { chosenLanguage } from '../users/users.repository.ts';
import { TestBody, TestResult } from './mail.schemas.ts';
import { sendTestMail } from './mail.service.ts';

const testRoute = {
  ...jsonPost({
    path: '/test',
    operationId: 'testSmtp',
    tags: ['Settings'],
    summary:
      "{ to? } (default: your address): send a test mail the way every mail goes now -> { to, via }; 502 with the mail server's error, 503 when none is configured",
    body: TestBody,
    responses: { 200: jsonResponse(TestResult, 'Accepted by the mail server'), ...problemResponses(401, 403, 422, 502, 503) },
  }),
  ...access('admin'),
};

export function mailRoutes(services: Services) {
  return createRouter<AuthEnv>().openapi(guarded(services, testRoute), async (c) => {
    const to = c.req.valid('json').to ?? c.var.user.email;
    const language = await chosenLanguage(c.var.em, c.var.user.id);
    return c.json({ to, via: await sendTestMail(services.mailer, to, language, c.var.log) }, 200);
  });
}
