/** /api/v1/me: the signed-in account's profile and preferences. */
import { createRouter } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';
import { sendVerification } from '../auth/account-mail.service.ts';
import { rateLimit } from '../auth/rate-limit.ts';
import { readPreferences, updatePreferences, updateProfile } from './me.service.ts';
import { toPreferencesView } from './me.schemas.ts';
import { toPublicUser } from './user.schemas.ts';
import { getMeRoute, getPreferencesRoute, patchMeRoute, patchPreferencesRoute } from './users.openapi.ts';

export function meRoutes(services: Services) {
  const router = createRouter<AuthEnv>();
  // PATCH / checks a password, so it shares the auth endpoints' per-address limit.
  router.patch(
    '/',
    rateLimit<AuthEnv>({
      store: services.rateLimitStore,
      limit: services.config.auth.rateLimitPerMinute,
      scope: 'auth',
      clock: services.clock,
    }),
  );
  // Reading your own account stays open while `2fa_required` waits for your setup, as /auth/me does.
  router.get('/', requireAuth(services, undefined, { allowWithoutTwoFactor: true }));
  router.patch('/', requireAuth(services));
  router.use('/preferences', requireAuth(services));

  return router
    .openapi(getMeRoute, (c) => c.json(toPublicUser(c.var.user), 200))
    .openapi(patchMeRoute, async (c) => {
      const actor = { id: c.var.user.id, ip: c.var.client.ip, now: services.clock() };
      const before = c.var.user.email;
      const user = await updateProfile(c.var.em, c.var.user, c.req.valid('json'), services, actor);
      if (user.email !== before) await sendVerification(c.var.em, user, services, c.var.log);
      return c.json(toPublicUser(user), 200);
    })
    .openapi(getPreferencesRoute, async (c) => c.json(toPreferencesView(await readPreferences(c.var.em, c.var.user.id)), 200))
    .openapi(patchPreferencesRoute, async (c) =>
      c.json(toPreferencesView(await updatePreferences(c.var.em, c.var.user.id, c.req.valid('json'))), 200),
    );
}
