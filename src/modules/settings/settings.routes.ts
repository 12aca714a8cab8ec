/** GET/PATCH /api/v1/settings (admin): the flat, typed settings map. */
import { createRoute } from '@hono/zod-openapi';
import { access, jsonBody, jsonResponse, problemResponses, createRouter } from '../../http/validation.ts';
import type { AuthDeps } from '../auth/auth.deps.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';
import { settingsCipher } from './settings.crypto.ts';
import { SettingsPatchSchema, SettingsSchema } from './settings.schemas.ts';
import { readSettings, updateSettings } from './settings.service.ts';

const tags = ['Settings'];

const getRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getSettings',
  tags,
  ...access('admin'),
  summary: 'Every setting as a flat map of typed values ({ "registration_enabled": false, ... }); secrets masked as ********',
  responses: { 200: jsonResponse(SettingsSchema, 'The settings'), ...problemResponses(401, 403) },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/',
  operationId: 'updateSettings',
  tags,
  ...access('admin'),
  summary:
    'Change only the named keys, in one transaction; 422 per unknown key or wrong type; an empty or masked secret keeps the stored one; audited (keys only)',
  description:
    'Secrets are encrypted at rest (AES-256-GCM, key derived from SECRET_KEY by HKDF-SHA256); an empty or masked value for a secret keeps the stored secret. Unknown keys and wrong types are 422 with one error per key.',
  request: { body: jsonBody(SettingsPatchSchema) },
  responses: { 200: jsonResponse(SettingsSchema, 'Every setting after the change'), ...problemResponses(401, 403, 422) },
});

/** `secretKey` (SECRET_KEY) derives the key that encrypts secret settings at rest. */
export function settingsRoutes(deps: AuthDeps, secretKey: string) {
  const cipher = settingsCipher(secretKey);
  const router = createRouter<AuthEnv>();
  router.use('/', requireAuth(deps, ['admin']));
  return router
    .openapi(getRoute, async (c) => c.json(await readSettings(c.var.em), 200))
    .openapi(patchRoute, async (c) => {
      await updateSettings(c.var.em, cipher, c.req.valid('json'), { id: c.var.user.id, ip: c.var.client.ip, now: deps.clock() });
      return c.json(await readSettings(c.var.em.fork()), 200);
    });
}
