/** /api/v1/me: the signed-in account's profile and preferences. */
import { guarded, type AuthEnv } from '../../http/auth.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { createRouter } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { sendVerification } from '../auth/account-mail.service.ts';
import { readPreferences, updatePreferences, updateProfile } from './me.service.ts';
import { toPreferencesView } from './me.schemas.ts';
import { toPublicUser } from './user.schemas.ts';
import { getMeRoute, getPreferencesRoute, patchMeRoute, patchPreferencesRoute } from './users.openapi.ts';

export function meRoutes(services: Services) {
  return (
    createRouter<AuthEnv>()
      // Reading your own account stays open while `2fa_required` waits for your setup, as /auth/me does.
      .openapi(guarded(services, getMeRoute, { allowWithoutTwoFactor: true }), (c) => c.json(toPublicUser(c.var.user), 200))
      // PATCH / checks a password, so it shares the auth endpoints' per-address limit.
      .openapi(guarded(services, patchMeRoute, { before: [authRateLimit(services)] }), async (c) => {
        const actor = { id: c.var.user.id, ip: c.var.client.ip, now: services.clock() };
        const before = c.var.user.email;
        const user = await updateProfile(c.var.em, c.var.user, c.req.valid('json'), services, actor);
        if (user.email !== before) await sendVerification(c.var.em, user, services, c.var.log);
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
