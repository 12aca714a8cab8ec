/** /api/v1/auth: register, login, refresh, logout, me, the 2FA routes and the mailed-token routes. */
import { createRoute, z } from '@hono/zod-openapi';
import { Setting } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import { UserSchema, toPublicUser } from '../users/user.schemas.ts';
import { createUser } from '../users/users.service.ts';
import { accountMailRoutes } from './account-mail.routes.ts';
import { sendVerification } from './account-mail.service.ts';
import type { AuthDeps } from './auth.deps.ts';
import { requireAuth, type AuthEnv } from './auth.middleware.ts';
import { LoginBody, MfaChallengeSchema, RefreshBody, RegisterBody, SessionSchema } from './auth.schemas.ts';
import { login } from './login.service.ts';
import { enforceLimit, rateLimit } from './rate-limit.ts';
import { endSession, rotateSession } from './session.service.ts';
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
    '{ login, password } (username or email) -> { accessToken, refreshToken, expiresIn, user }, or { mfaRequired: true, mfaToken } with 2FA on; 429 when locked',
  body: LoginBody,
  responses: {
    200: jsonResponse(z.union([SessionSchema, MfaChallengeSchema]), 'Tokens and the account, or the 2FA challenge'),
    ...problemResponses(401, 403, 422, 429),
  },
});

const refreshRoute = jsonPost({
  path: '/refresh',
  operationId: 'refreshSession',
  tags,
  summary: 'Trade a refresh token for new tokens; reusing a rotated token revokes its whole session',
  body: RefreshBody,
  responses: { 200: jsonResponse(SessionSchema, 'New tokens'), ...problemResponses(401, 422, 429) },
});

const logoutRoute = jsonPost({
  path: '/logout',
  operationId: 'logout',
  tags,
  summary: 'Revoke the session a refresh token belongs to (204)',
  body: RefreshBody,
  responses: { 204: { description: 'Logged out (also for an unknown token)' }, ...problemResponses(422, 429) },
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

export function authRoutes(deps: AuthDeps) {
  const router = createRouter<AuthEnv>();
  const limits = { store: deps.rateLimitStore, limit: deps.config.rateLimitPerMinute, clock: deps.clock };
  const limiter = rateLimit<AuthEnv>({ ...limits, scope: 'auth' });
  // Registered per method, so a wrong method still gets 405 rather than these middlewares' answers.
  for (const route of [registerRoute, loginRoute, refreshRoute, logoutRoute]) router.post(route.path, limiter);
  router.get('/me', requireAuth(deps, undefined, { allowWithoutTwoFactor: true }));

  return router
    .openapi(registerRoute, async (c) => {
      const em = c.var.em;
      const setting = await em.findOne(Setting, { key: 'registration_enabled' });
      if (setting?.value !== true) throw new ProblemError({ status: 403, detail: 'Registration is closed on this site' });
      const body = c.req.valid('json');
      const user = await createUser(em, { ...body, role: 'member' }, { hasher: deps.hasher, now: deps.clock(), ip: c.var.client.ip });
      await sendVerification(em, user, deps, c.var.log);
      return c.json(toPublicUser(user), 201);
    })
    .openapi(loginRoute, async (c) => {
      const body = c.req.valid('json');
      // Per account as well as per address: many addresses against one account get 429 too.
      await enforceLimit(`login-account:${body.login.toLowerCase()}`, limits, c.var.log, 'login attempts for this account');
      return c.json(await login(c.var.em, body, deps, c.var.client.ip), 200);
    })
    .openapi(refreshRoute, async (c) => c.json(await rotateSession(c.var.em, c.req.valid('json').refreshToken, deps, c.var.client.ip), 200))
    .openapi(logoutRoute, async (c) => {
      await endSession(c.var.em, c.req.valid('json').refreshToken, deps);
      return c.body(null, 204);
    })
    .openapi(meRoute, (c) => c.json(toPublicUser(c.var.user), 200))
    .route('/', twoFactorRoutes(deps))
    .route('/', accountMailRoutes(deps));
}
