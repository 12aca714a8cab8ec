import type { MiddlewareHandler } from 'hono';
import { User, type Role } from '../../db/entities/index.ts';
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
 * account; `roles`, when given, narrows who may pass (403 for the others).
 */
export function requireAuth(deps: AuthDeps, roles?: readonly Role[]): MiddlewareHandler<AuthEnv> {
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
    c.set('user', user);
    await next();
  };
}
