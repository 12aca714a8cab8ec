import type { MiddlewareHandler } from 'hono';
import { Setting, User, type Role } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import type { AppEnv } from '../../http/types.ts';
import type { AuthDeps } from './auth.deps.ts';
import { bearerChallenge } from './session.service.ts';

/** The context of a route behind `requireAuth`: the signed-in user, loaded for this request. */
export interface AuthEnv {
  Variables: AppEnv['Variables'] & { user: User };
}

/**
 * 401 (with a Bearer challenge) unless the request carries a valid access token of an active
 * account; `roles`, when given, narrows who may pass (403 for the others). While the
 * `2fa_required` setting is on, an account without 2FA gets 403 everywhere except on the routes
 * that set it up (`allowWithoutTwoFactor`).
 */
export function requireAuth(
  deps: AuthDeps,
  roles?: readonly Role[],
  { allowWithoutTwoFactor = false }: { allowWithoutTwoFactor?: boolean } = {},
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ProblemError({ status: 401, detail: 'Send Authorization: Bearer <accessToken>', headers: bearerChallenge() });
    const claims = await deps.tokens.check(match[1], deps.clock());
    const user = claims && (await c.var.em.findOne(User, { id: claims.userId, active: true, deletedAt: null }));
    if (!user) {
      throw new ProblemError({ status: 401, detail: 'The access token is invalid or expired', headers: bearerChallenge('invalid_token') });
    }
    // The role is read from the database, so a demotion takes effect before the token expires.
    if (roles && !roles.includes(user.role)) {
      throw new ProblemError({ status: 403, detail: `This needs the role ${roles.join(' or ')}` });
    }
    // Read only for accounts without 2FA, so the common case costs no extra query.
    if (!allowWithoutTwoFactor && !user.twoFactorEnabled && (await c.var.em.findOne(Setting, { key: '2fa_required' }))?.value === true) {
      throw new ProblemError({
        status: 403,
        detail: 'This site requires two-factor authentication: set it up with POST /auth/2fa/setup and /auth/2fa/enable first',
      });
    }
    c.set('user', user);
    await next();
  };
}
