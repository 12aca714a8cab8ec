/** /api/v1/auth/email/* and /auth/password/*: email verification and password reset by mailed tokens. */
import { type AuthEnv, guarded } from '../../http/auth.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { createRouter, jsonPost, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { EmailBody, ResetBody, TokenBody } from './account-mail.schemas.ts';
import { forgotPassword, resendVerification, resetPassword, verifyEmail } from './account-mail.service.ts';

const tags = ['Authentication'];

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

export function accountMailRoutes(services: Services) {
  const limited = { before: [authRateLimit<AuthEnv>(services)] };
  return createRouter<AuthEnv>()
    .openapi(guarded(services, verifyRoute, limited), async (c) => {
      await verifyEmail(c.var.em, services, c.req.valid('json').token);
      return c.body(null, 204);
    })
    .openapi(guarded(services, resendRoute, limited), async (c) => {
      await resendVerification(c.var.em, services, c.req.valid('json').email, c.var.log);
      return c.body(null, 202);
    })
    .openapi(guarded(services, forgotRoute, limited), async (c) => {
      await forgotPassword(c.var.em, services, c.req.valid('json').email, c.var.log);
      return c.body(null, 202);
    })
    .openapi(guarded(services, resetRoute, limited), async (c) => {
      await resetPassword(c.var.em, services, c.req.valid('json'), c.var.client.ip);
      return c.body(null, 204);
    });
}
