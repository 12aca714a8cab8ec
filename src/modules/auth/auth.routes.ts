/** /api/v1/auth: register, login, refresh, logout, me, the 2FA routes and the mailed-token routes. */
import { createRoute, z } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { ProblemError } from '../../http/problem.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { toPublicUser } from '../users/users.repository.ts';
import { UserSchema } from '../users/users.schemas.ts';
import { accountMailRoutes } from './account-mail.routes.ts';
import {
  CookieSessionSchema,
  LoginBody,
  MfaChallengeSchema,
  RefreshBody,
  RegisterBody,
  SessionModeQuery,
  SessionSchema,
} from './auth.schemas.ts';
import { register } from './auth.service.ts';
import { login } from './login.service.ts';
import { endSession, rotateSession } from './session.service.ts';
import { clearSessionCookie, deliver, presentedToken, sessionMode } from './session-cookie.ts';
import { twoFactorRoutes } from './two-factor.routes.ts';

const tags = ['Authentication'];

const registerRoute = jsonPost({
  path: '/register',
  operationId: 'register',
  tags,
  summary: 'Create a member account while the registration_enabled setting is on (otherwise 403), and mail it a verification link',
  body: RegisterBody,
  responses: { 201: jsonResponse(UserSchema, 'The new account'), ...problemResponses(403, 409, 422, 429) },
});

const loginRoute = jsonPost({
  path: '/login',
  operationId: 'login',
  tags,
  summary:
    '{ login, password } (username or email) -> { accessToken, refreshToken, expiresIn, user }, or { mfaRequired: true, mfaToken } with 2FA on; 429 when locked; ?session=cookie',
  body: LoginBody,
  query: SessionModeQuery,
  responses: {
    200: jsonResponse(z.union([SessionSchema, CookieSessionSchema, MfaChallengeSchema]), 'Tokens and the account, or the 2FA challenge'),
    ...problemResponses(401, 403, 422, 429),
  },
});

const refreshRoute = jsonPost({
  path: '/refresh',
  operationId: 'refreshSession',
  tags,
  summary:
    'Trade a refresh token (body, or ?session=cookie: the cookie, 204 without one) for new tokens; reusing a rotated token revokes its whole session',
  body: RefreshBody,
  query: SessionModeQuery,
  responses: {
    200: jsonResponse(z.union([SessionSchema, CookieSessionSchema]), 'New tokens'),
    204: { description: 'Cookie mode only: no session cookie was sent, so there is no session to renew' },
    ...problemResponses(401, 403, 422, 429),
  },
});

const logoutRoute = jsonPost({
  path: '/logout',
  operationId: 'logout',
  tags,
  summary: 'Revoke the session a refresh token (body, or ?session=cookie: the cookie, then cleared) belongs to (204)',
  body: RefreshBody,
  query: SessionModeQuery,
  responses: { 204: { description: 'Logged out (also for an unknown token)' }, ...problemResponses(403, 422, 429) },
});

/** The JSON mode's body must carry the token, as it always had to. */
const missingToken = () =>
  new ProblemError({
    status: 422,
    detail: 'The request body is not valid',
    extra: { errors: [{ path: 'refreshToken', message: 'Required (or use ?session=cookie from a browser)' }] },
  });

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  operationId: 'getSessionAccount',
  tags,
  summary: 'The account of the access token',
  ...access(),
  responses: { 200: jsonResponse(UserSchema, 'The signed-in account'), ...problemResponses(401) },
});

export function authRoutes(services: Services) {
  const limited = { before: [authRateLimit<AuthEnv>(services)] };
  return createRouter<AuthEnv>()
    .openapi(guarded(services, registerRoute, limited), async (c) => {
      const user = await register(c.var.em, services, c.req.valid('json'), c.var.client.ip, c.var.log);
      return c.json(toPublicUser(user), 201);
    })
    .openapi(guarded(services, loginRoute, limited), async (c) => {
      const mode = sessionMode(c, services.config, c.req.valid('query').session);
      const outcome = await login(c.var.em, services, c.req.valid('json'), c.var.client.ip, c.var.log);
      return c.json('accessToken' in outcome ? deliver(c, services.config, mode, outcome) : outcome, 200);
    })
    .openapi(guarded(services, refreshRoute, limited), async (c) => {
      const mode = sessionMode(c, services.config, c.req.valid('query').session);
      const token = presentedToken(c, mode, c.req.valid('json').refreshToken);
      if (!token && mode === 'cookie') return c.body(null, 204);
      if (!token) throw missingToken();
      try {
        return c.json(deliver(c, services.config, mode, await rotateSession(c.var.em, services, token, c.var.client.ip)), 200);
      } catch (error) {
        // A dead cookie is dropped, so the next page load does not present it again.
        if (mode === 'cookie') clearSessionCookie(c, services.config);
        throw error;
      }
    })
    .openapi(guarded(services, logoutRoute, limited), async (c) => {
      const mode = sessionMode(c, services.config, c.req.valid('query').session);
      const token = presentedToken(c, mode, c.req.valid('json').refreshToken);
      if (!token && mode === 'json') throw missingToken();
      if (token) await endSession(c.var.em, services, token);
      if (mode === 'cookie') clearSessionCookie(c, services.config);
      return c.body(null, 204);
    })
    .openapi(guarded(services, meRoute, { allowWithoutTwoFactor: true }), (c) => c.json(toPublicUser(c.var.user), 200))
    .route('/', twoFactorRoutes(services))
    .route('/', accountMailRoutes(services));
}
