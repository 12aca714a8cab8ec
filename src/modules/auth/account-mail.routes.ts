/** /api/v1/auth/email/* and /auth/password/*: email verification and password reset by mailed tokens. */
import { z } from '@hono/zod-openapi';
import { createRouter, jsonPost, problemResponses } from '../../http/validation.ts';
import { EmailSchema, NewPasswordSchema } from '../users/user.schemas.ts';
import { forgotPassword, resendVerification, resetPassword, verifyEmail } from './account-mail.service.ts';
import type { AuthDeps } from './auth.deps.ts';
import type { AuthEnv } from './auth.middleware.ts';
import { rateLimit } from './rate-limit.ts';

const tags = ['Authentication'];

const MailedToken = z
  .string()
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
  tags,
  summary: 'Confirm an email address with the token from the verification mail (single use)',
  body: TokenBody,
  responses: { 204: { description: 'The address is verified' }, ...tokenProblems },
});
const resendRoute = jsonPost({
  path: '/email/resend',
  tags,
  summary: 'Mail a new verification link to an unverified account (retires the previous one); always 202',
  body: EmailBody,
  responses: { ...accepted, ...problemResponses(422, 429) },
});
const forgotRoute = jsonPost({
  path: '/password/forgot',
  tags,
  summary: 'Mail a password reset link; always 202 (no account enumeration), password_reset_rate_limit_per_hour per address',
  body: EmailBody,
  responses: { ...accepted, ...problemResponses(422, 429) },
});
const resetRoute = jsonPost({
  path: '/password/reset',
  tags,
  summary: 'Set a new password with the token from the reset mail; revokes every refresh token of the account',
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
