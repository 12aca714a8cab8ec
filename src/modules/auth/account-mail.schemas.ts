/** Request schemas of /api/v1/auth/email/* and /auth/password/*. */
import { z } from '@hono/zod-openapi';

import { text } from '../../http/fields.ts';
import { EmailSchema, NewPasswordSchema } from '../users/users.schemas.ts';

const MailedToken = text()
  .trim()
  .min(1)
  .max(200)
  .openapi({ description: 'The token from the mail (43 base64url characters)', example: 'q3Jc...' });
export const TokenBody = z.object({ token: MailedToken }).openapi('EmailVerifyRequest');
export const EmailBody = z.object({ email: EmailSchema }).openapi('EmailRequest');
export const ResetBody = z.object({ token: MailedToken, password: NewPasswordSchema }).openapi('PasswordResetRequest');
