/** /api/v1/auth/2fa/*: TOTP setup, enable and disable, and /login/2fa, the second step of a login. */
import { createRoute, z } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { CookieSessionSchema, SessionModeQuery, SessionSchema } from './auth.schemas.ts';
import { loginSecondFactor } from './login.service.ts';
import { deliver, sessionMode } from './session-cookie.ts';
import { BackupCodesSchema, DisableBody, EnableBody, LoginTwoFactorBody, SetupSchema } from './two-factor.schemas.ts';
import { disableTwoFactor, enableTwoFactor, startSetup } from './two-factor.service.ts';

const tags = ['Two-factor authentication'];

const setupRoute = createRoute({
  method: 'post',
  path: '/2fa/setup',
  operationId: 'startTwoFactorSetup',
  tags,
  ...access(),
  summary:
    'Start TOTP setup: { secret, otpauthUrl, qrSvg } (replacing any pending secret); while 2fa_required is on, accounts without 2FA get 403 on all but this, enable, /auth/me and GET /me',
  responses: { 200: jsonResponse(SetupSchema, 'The pending secret'), ...problemResponses(401, 409, 429) },
});
const enableRoute = createRoute({
  ...jsonPost({
    path: '/2fa/enable',
    operationId: 'enableTwoFactor',
    tags,
    summary: '{ code } from the pending secret -> { backupCodes } (10 one-time codes, stored hashed); 422 for a wrong code',
    body: EnableBody,
    responses: { 200: jsonResponse(BackupCodesSchema, 'Backup codes'), ...problemResponses(401, 409, 422, 429) },
  }),
  ...access(),
});
const disableRoute = createRoute({
  ...jsonPost({
    path: '/2fa/disable',
    operationId: 'disableTwoFactor',
    tags,
    summary: '{ password, code } (TOTP or backup code) -> 204; 401 when either is wrong; 403 while 2fa_required is on',
    body: DisableBody,
    responses: { 204: { description: '2FA is off' }, ...problemResponses(401, 403, 409, 422, 429) },
  }),
  ...access(),
});
const loginTwoFactorRoute = jsonPost({
  path: '/login/2fa',
  operationId: 'loginTwoFactor',
  tags,
  summary:
    '{ mfaToken, code } (TOTP or backup code; the token lives 5 min) -> the session; a code works once; wrong codes count toward the lockout; ?session=cookie',
  body: LoginTwoFactorBody,
  query: SessionModeQuery,
  responses: {
    200: jsonResponse(z.union([SessionSchema, CookieSessionSchema]), 'Tokens and the account'),
    ...problemResponses(401, 403, 422, 429),
  },
});

export function twoFactorRoutes(services: Services) {
  const before = [authRateLimit<AuthEnv>(services)];
  const duringSetup = { before, allowWithoutTwoFactor: true };
  return createRouter<AuthEnv>()
    .openapi(guarded(services, setupRoute, duringSetup), async (c) => c.json(await startSetup(c.var.em, c.var.user.managed(c.var.em)), 200))
    .openapi(guarded(services, enableRoute, duringSetup), async (c) => {
      const backupCodes = await enableTwoFactor(
        c.var.em,
        services,
        c.var.user.managed(c.var.em),
        c.req.valid('json').code,
        c.var.client.ip,
      );
      return c.json({ backupCodes }, 200);
    })
    .openapi(guarded(services, disableRoute, { before }), async (c) => {
      await disableTwoFactor(c.var.em, services, c.var.user.managed(c.var.em), c.req.valid('json'), c.var.client.ip);
      return c.body(null, 204);
    })
    .openapi(guarded(services, loginTwoFactorRoute, { before }), async (c) => {
      const mode = sessionMode(c, services.config, c.req.valid('query').session);
      const session = await loginSecondFactor(c.var.em, services, c.req.valid('json'), c.var.client.ip);
      return c.json(deliver(c, services.config, mode, session), 200);
    });
}
