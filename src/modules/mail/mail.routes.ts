/** POST /api/v1/settings/smtp/test (admin): the seed's "SMTP test", with the SMTP error spelled out. */
import { z } from '@hono/zod-openapi';
import { email } from '../../http/fields.ts';
import { ProblemError } from '../../http/problem.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { AuthDeps } from '../auth/auth.deps.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';
import { testMail } from './mail.templates.ts';
import { MailNotConfiguredError } from './mailer.ts';

const TestBody = z
  .object({ to: email().optional().openapi({ description: "Recipient; default the administrator's own address" }) })
  .openapi('SmtpTestRequest');

const TestResult = z
  .object({
    to: z.string(),
    via: z.enum(['environment', 'settings', 'log']).openapi({
      description:
        'environment: SMTP_URL/SMTP_HOST (they win over the settings); settings: the smtp_* settings; log: no server (development)',
    }),
  })
  .openapi('SmtpTestResult');

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

export function mailRoutes(deps: AuthDeps) {
  const router = createRouter<AuthEnv>();
  router.post('/test', requireAuth(deps, ['admin']));
  return router.openapi(testRoute, async (c) => {
    const to = c.req.valid('json').to ?? c.var.user.email;
    try {
      const via = await deps.mailer.send(c.var.em, (site) => testMail(site, to), c.var.log);
      return c.json({ to, via }, 200);
    } catch (error) {
      if (error instanceof MailNotConfiguredError) throw new ProblemError({ status: 503, detail: error.message });
      const e = error as Error & { code?: string; response?: string };
      // Shown to an administrator only: the point of the test is to see what the server said.
      const said = [e.code, e.response ?? e.message].filter(Boolean).join(': ');
      throw new ProblemError({ status: 502, detail: `The mail server refused or could not be reached: ${said}` });
    }
  });
}
