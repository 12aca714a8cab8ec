/**
 * GET/PATCH /api/v1/settings (admin): the flat, typed settings map; GET /api/v1/config (public):
 * the subset a client needs before signing in.
 */
import { createRoute } from '@hono/zod-openapi';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { access, anyone, createRouter, jsonBody, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { PublicConfigSchema, SettingsPatchSchema, SettingsSchema } from './settings.schemas.ts';
import { adminSettings, publicConfig, updateSettings } from './settings.service.ts';

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

const publicRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getPublicConfig',
  tags: ['Settings'],
  ...anyone(),
  summary:
    'The public subset of the settings: { siteName, siteUrl, logoUrl, footerText, registrationEnabled, emailVerificationRequired, twoFactorRequired, languages }; never a secret',
  responses: { 200: jsonResponse(PublicConfigSchema, 'The public subset of the settings') },
});

export function settingsRoutes(services: Services) {
  return createRouter<AuthEnv>()
    .openapi(guarded(services, getRoute), async (c) => c.json(await adminSettings(services.settings), 200))
    .openapi(guarded(services, patchRoute), async (c) => {
      const actor = { id: c.var.user.id, ip: c.var.client.ip, now: services.clock() };
      await updateSettings(c.var.em, services.cipher, c.req.valid('json'), actor);
      return c.json(await adminSettings(services.settings), 200);
    });
}

export function publicConfigRoutes(services: Services) {
  return createRouter().openapi(publicRoute, async (c) => c.json(await publicConfig(services.publicSettings, c.var.client.prefix), 200));
}
