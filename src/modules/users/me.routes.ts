/** /api/v1/me: the signed-in account's profile and preferences. */
import { createRoute } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { access, createRouter, jsonBody, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { PreferencesPatchBody, PreferencesSchema, ProfilePatchBody } from './me.schemas.ts';
import { readPreferences, toPreferencesView, updatePreferences, updateProfile } from './me.service.ts';
import { toPublicUser } from './users.repository.ts';
import { UserSchema } from './users.schemas.ts';

const me = { tags: ['Profile'], ...access() };

const getMeRoute = createRoute({
  ...me,
  method: 'get',
  path: '/',
  operationId: 'getProfile',
  summary: 'The signed-in account',
  responses: { 200: jsonResponse(UserSchema, 'The account'), ...problemResponses(401, 403) },
});

const patchMeRoute = createRoute({
  ...me,
  method: 'patch',
  path: '/',
  operationId: 'updateProfile',
  summary:
    'Change username, email (then unverified) or password; email and password need currentPassword (401 when wrong, counted toward the lockout); a new password ends every session',
  description:
    'A new email is unverified. A new password revokes every refresh token of the account, this session’s included: log in again. A wrong currentPassword is 401 and counts toward the lockout (then 429).',
  request: { body: jsonBody(ProfilePatchBody) },
  responses: { 200: jsonResponse(UserSchema, 'The account after the change'), ...problemResponses(401, 403, 409, 422, 429) },
});

const getPreferencesRoute = createRoute({
  ...me,
  method: 'get',
  path: '/preferences',
  operationId: 'getPreferences',
  summary:
    '{ theme, language, notifications, updatedAt }, created with the defaults (light, null, on) at first use; language null means not chosen',
  responses: { 200: jsonResponse(PreferencesSchema, 'The preferences'), ...problemResponses(401, 403) },
});

const patchPreferencesRoute = createRoute({
  ...me,
  method: 'patch',
  path: '/preferences',
  operationId: 'updatePreferences',
  summary:
    'Change only what is sent: theme light|dark|auto, language en|fr|es or null (not chosen: the site default for mails), notifications boolean',
  request: { body: jsonBody(PreferencesPatchBody) },
  responses: { 200: jsonResponse(PreferencesSchema, 'The preferences after the change'), ...problemResponses(401, 403, 422) },
});

export function meRoutes(services: Services) {
  return (
    createRouter<AuthEnv>()
      // Reading your own account stays open while `2fa_required` waits for your setup, as /auth/me does.
      .openapi(guarded(services, getMeRoute, { allowWithoutTwoFactor: true }), (c) => c.json(toPublicUser(c.var.user), 200))
      // PATCH / checks a password, so it shares the auth endpoints' per-address limit.
      .openapi(guarded(services, patchMeRoute, { before: [authRateLimit(services)] }), async (c) => {
        const actor = { id: c.var.user.id, ip: c.var.client.ip, now: services.clock() };
        const user = await updateProfile(c.var.em, services, c.var.user.managed(c.var.em), c.req.valid('json'), actor, c.var.log);
        return c.json(toPublicUser(user), 200);
      })
      .openapi(guarded(services, getPreferencesRoute), async (c) =>
        c.json(toPreferencesView(await readPreferences(c.var.em, c.var.user.id)), 200),
      )
      .openapi(guarded(services, patchPreferencesRoute), async (c) =>
        c.json(toPreferencesView(await updatePreferences(c.var.em, c.var.user.id, c.req.valid('json'))), 200),
      )
  );
}
