/** /api/v1/auth/email/* and /auth/password/*: email verification and password reset by mailed tokens. */
import { z } from '@hono/zod-openapi';
import { text } from '../../http/fields.ts';
import { createRouter, jsonPost, problemResponses } from '../../http/validation.ts';
import { EmailSchema, NewPasswordSchema } from '../users/user.schemas.ts';
import { forgotPassword, resendVerification, resetPassword, verifyEmail } from './account-mail.service.ts';
import type { AuthDeps } from './auth.deps.ts';
import type { AuthEnv } from './auth.middleware.ts';
import { rateLimit } from './rate-limit.ts';

const tags = ['Authentication'];

const MailedToken = text()
  .trim()
  .min(1)
  .max(200)
  .openapi({ description: 'The token from the mail (43 base64url characters)', example: 'q3Jc...' });
const TokenBody = z.object({ token: MailedToken }).openapi('EmailVerifyRequest');
const EmailBody = z.object({ email: EmailSchema }).openapi('EmailRequest');
const ResetBody = z.object({ token: MailedToken, password: NewPasswordSchema }).openapi('PasswordResetRequest');

const accepted = { 202: { description: 'Accepted. Always the same answer, whether or not the address has an account' } };
const tokenProblems = problemResponses(422, 429);

const verifyRoute = jsonPost({
  path: '/email/verify',
  operationId: 'verifyEmail',
  tags,
  summary:
    '{ token } from the verification mail -> 204; 422 for an unknown, expired (email_verification_token_expiry_hours, 24) or used token',
  body: TokenBody,
  responses: { 204: { description: 'The address is verified' }, ...tokenProblems },
});
const resendRoute = jsonPost({
  path: '/email/resend',
  operationId: 'resendVerification',
  tags,
  summary:
    '{ email } -> always 202; a new link (the old one stops working) only for an unverified account, password_reset_rate_limit_per_hour per address',
  body: EmailBody,
  responses: { ...accepted, ...problemResponses(422, 429) },
});
const forgotRoute = jsonPost({
  path: '/password/forgot',
  operationId: 'forgotPassword',
  tags,
  summary:
    '{ email } -> always 202 (no account enumeration); a reset link (password_reset_token_expiry_minutes, 60) at most password_reset_rate_limit_per_hour times per address',
  body: EmailBody,
  responses: { ...accepted, ...problemResponses(422, 429) },
});
const resetRoute = jsonPost({
  path: '/password/reset',
  operationId: 'resetPassword',
  tags,
  summary:
    '{ token, password } -> 204: new password, lockout ended, every refresh token revoked, auth.password_reset audited; 422 for a bad token',
  body: ResetBody,
  responses: { 204: { description: 'Password changed; log in again everywhere' }, ...tokenProblems },
});

export function accountMailRoutes(deps: AuthDeps) {
  const router = createRouter<AuthEnv>();
  const limiter = rateLimit<AuthEnv>({
    store: deps.rateLimitStore,
    limit: deps.config.rateLimitPerMinute,
    clock: deps.clock,
    scope: 'auth',
  });
  for (const route of [verifyRoute, resendRoute, forgotRoute, resetRoute]) router.post(route.path, limiter);

  return router
    .openapi(verifyRoute, async (c) => {
      await verifyEmail(c.var.em, c.req.valid('json').token, deps);
      return c.body(null, 204);
    })
    .openapi(resendRoute, async (c) => {
      await resendVerification(c.var.em, c.req.valid('json').email, deps, c.var.log);
      return c.body(null, 202);
    })
    .openapi(forgotRoute, async (c) => {
      await forgotPassword(c.var.em, c.req.valid('json').email, deps, c.var.log);
      return c.body(null, 202);
    })
    .openapi(resetRoute, async (c) => {
      await resetPassword(c.var.em, c.req.valid('json'), deps, c.var.client.ip);
      return c.body(null, 204);
    });
}
