/** Request and response schemas of POST /api/v1/settings/smtp/test. */
import { z } from '@hono/zod-openapi';

import { email } from '../../http/fields.ts';

export const TestBody = z
  .object({ to: email().optional().openapi({ description: "Recipient; default the administrator's own address" }) })
  .openapi('SmtpTestRequest');

export const TestResult = z
  .object({
    to: z.string(),
    via: z.enum(['environment', 'settings', 'log']).openapi({
      description:
        'environment: SMTP_URL/SMTP_HOST (they win over the settings); settings: the smtp_* settings; log: no server (development)',
    }),
  })
  .openapi('SmtpTestResult');
