import type { InferKyselyDB, SqlEntityManager } from '@mikro-orm/sql';
import type { MiddlewareHandler } from 'hono';
import { sql } from 'kysely';
import { User, type Role, type Setting } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import type { AppEnv } from '../../http/types.ts';
import type { Services } from '../../services.ts';
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
  services: Services,
  roles?: readonly Role[],
  { allowWithoutTwoFactor = false }: { allowWithoutTwoFactor?: boolean } = {},
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ProblemError({ status: 401, detail: 'Send Authorization: Bearer <accessToken>', headers: bearerChallenge() });
    const claims = await services.tokens.check(match[1], services.clock());
    const user = claims && (await loadAccount(c.var.em, services, claims.userId));
    if (!user) {
      throw new ProblemError({ status: 401, detail: 'The access token is invalid or expired', headers: bearerChallenge('invalid_token') });
    }
    // The role is read from the database, so a demotion takes effect before the token expires.
    if (roles && !roles.includes(user.role)) {
      throw new ProblemError({ status: 403, detail: `This needs the role ${roles.join(' or ')}` });
    }
    // Read only for accounts without 2FA, so the common case costs no extra query.
    if (!allowWithoutTwoFactor && !user.twoFactorEnabled && (await twoFactorRequired(c.var.em, services))) {
      throw new ProblemError({
        status: 403,
        detail: 'This site requires two-factor authentication: set it up with POST /auth/2fa/setup and /auth/2fa/enable first',
      });
    }
    c.set('user', user);
    await next();
  };
}

type AuthDb = InferKyselyDB<typeof User | typeof Setting>;

/**
 * The active account of a token, read as one typed query on the driver and mapped into the
 * request's EntityManager (a managed entity, as `findOne` would give): every authenticated request
 * pays this, and the entity query path costs several times more CPU (issue 4's measurements).
 */
async function loadAccount(em: SqlEntityManager, services: Services, id: number): Promise<User | null> {
  const [row] = await services.read(
    em
      .getKysely<AuthDb>()
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)

      // A bare column test: SQLite cannot bind a boolean, and PostgreSQL has no boolean = integer.
      .where(sql<boolean>`${sql.ref('active')}`)
      .where('deleted_at', 'is', null)
      .compile(),
  );
  return row ? em.map(User, row) : null;
}

/** The `2fa_required` setting (JSON: a boolean, or its text where the column is text). */
export async function twoFactorRequired(em: SqlEntityManager, services: Services): Promise<boolean> {
  const [row] = await services.read(
    em.getKysely<AuthDb>().selectFrom('settings').select('value').where('key', '=', '2fa_required').compile(),
  );
  const value: unknown = row?.value;
  return value === true || (typeof value === 'string' && value.trim() === 'true');
}
