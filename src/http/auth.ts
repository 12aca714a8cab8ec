/**
 * Authentication guards. A route declares who may call it once, in its definition (`access()` in
 * `validation.ts`: a bearer token, and the roles in `x-roles`); `guarded()` turns that declaration
 * into the middleware that enforces it, so the OpenAPI document, the README's endpoint table and
 * the checks cannot disagree.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

import type { Role } from '../db/entities/index.ts';
import type { SignedIn } from '../modules/users/users.repository.ts';
import type { Services } from '../services.ts';
import { ProblemError } from './problem.ts';
import type { AppEnv } from './types.ts';

/**
 * The context of a route behind a guard: the signed-in user, read for this request (a route that
 * changes the account asks `user.managed(em)` for the entity).
 */
export interface AuthEnv {
  Variables: AppEnv['Variables'] & { user: SignedIn };
}

export interface GuardOptions {
  /** Runs first, e.g. a rate limit that must count the requests the guard refuses too. */
  before?: MiddlewareHandler<AuthEnv>[];
  /** Lets an account without 2FA through while `2fa_required` is on (the routes that set it up). */
  allowWithoutTwoFactor?: boolean;
}

/**
 * `route` with the guard its definition declares: none when its security is empty (`anyone()`),
 * `optionalAuth` when it has the empty alternative (`anyoneOrSignedIn()`: a token is optional), else
 * `requireAuth` for the roles in `x-roles`. `before` runs ahead of the guard.
 */
export function guarded<R extends RouteConfig>(
  services: Services,
  route: R,
  { before = [], allowWithoutTwoFactor = false }: GuardOptions = {},
): R & { middleware: MiddlewareHandler<AuthEnv>[] } {
  const security = route.security ?? [];
  const roles = route['x-roles'] as readonly Role[] | undefined;
  const guard = !security.length
    ? []
    : security.some((requirement) => Object.keys(requirement).length === 0)
      ? [optionalAuth(services)]
      : [requireAuth(services, roles, { allowWithoutTwoFactor })];
  return { ...route, middleware: [...before, ...guard] };
}

/**
 * 401 (with a Bearer challenge) unless the request carries a valid access token of an active
 * account; `roles`, when given, narrows who may pass (403 for the others). While the
 * `2fa_required` setting is on, an account without 2FA gets 403 everywhere except on the routes
 * that set it up (`allowWithoutTwoFactor`).
 */
function requireAuth(
  services: Services,
  roles?: readonly Role[],
  { allowWithoutTwoFactor = false }: { allowWithoutTwoFactor?: boolean } = {},
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ProblemError({ status: 401, detail: 'Send Authorization: Bearer <accessToken>', headers: bearerChallenge() });
    const claims = await services.tokens.check(match[1], services.clock());
    const user = claims && (await services.users.signedIn(claims.userId));
    if (!user) {
      throw new ProblemError({ status: 401, detail: 'The access token is invalid or expired', headers: bearerChallenge('invalid_token') });
    }
    // The role is read from the database, so a demotion takes effect before the token expires.
    if (roles && !roles.includes(user.role)) {
      throw new ProblemError({ status: 403, detail: `This needs the role ${roles.join(' or ')}` });
    }
    // Read only for accounts without 2FA, so the common case costs no extra query.
    if (!allowWithoutTwoFactor && !user.twoFactorEnabled && (await services.settings.flag('2fa_required'))) {
      throw new ProblemError({
        status: 403,
        detail: 'This site requires two-factor authentication: set it up with POST /auth/2fa/setup and /auth/2fa/enable first',
      });
    }
    c.set('user', user);
    await next();
  };
}

/** For public routes that show more to some roles: a bearer token, when sent, must be valid (then `user` is set). */
function optionalAuth(services: Services): MiddlewareHandler<AuthEnv> {
  const signedIn = requireAuth(services);
  return (c, next) => (c.req.header('authorization') ? signedIn(c, next) : next());
}

/** The `WWW-Authenticate` header of a 401, with the RFC 6750 error code when there is one. */
export function bearerChallenge(error?: string): Record<string, string> {
  return { 'WWW-Authenticate': error ? `Bearer realm="filamenta", error="${error}"` : 'Bearer realm="filamenta"' };
}
