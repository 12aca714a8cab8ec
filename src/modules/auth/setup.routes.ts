/**
 * POST /api/v1/setup: the install wizard's "create the administrator" step, guarded by the
 * one-time SETUP_TOKEN and closed for good once any administrator exists.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Setting, User } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import { toPublicUser, UserSchema } from '../users/user.schemas.ts';
import { createUser } from '../users/users.service.ts';
import type { AuthDeps } from './auth.deps.ts';
import { SetupBody } from './auth.schemas.ts';
import { rateLimit } from './rate-limit.ts';

const setupRoute = jsonPost({
  path: '/setup',
  operationId: 'createFirstAdministrator',
  tags: ['Authentication'],
  summary:
    "Create the first administrator with the server's SETUP_TOKEN (201); 403 for a wrong or unset token, 409 once an administrator exists",
  body: SetupBody,
  responses: {
    201: jsonResponse(UserSchema, 'The administrator'),
    ...problemResponses(403, 409, 422, 429),
  },
});

async function refuseOnceAnAdminExists(em: SqlEntityManager): Promise<void> {
  if ((await em.count(User, { role: 'admin' })) > 0) {
    throw new ProblemError({ status: 409, detail: 'Setup is done: an administrator already exists' });
  }
}

/**
 * Inside the creating transaction: takes a row lock first, so concurrent setups queue on it and
 * each sees the administrator the one before committed (without it, MariaDB and PostgreSQL let
 * several through). The seeded `registration_enabled` row serves as the lock (SQLite serialises
 * writers anyway). Without the seed there is no row to lock and the check alone remains.
 */
async function lockThenRefuseOnceAnAdminExists(tx: SqlEntityManager): Promise<void> {
  await tx.findOne(Setting, { key: 'registration_enabled' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  await refuseOnceAnAdminExists(tx);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function setupRoutes(deps: AuthDeps) {
  const router = createRouter();
  router.post('/setup', rateLimit({ store: deps.rateLimitStore, limit: deps.config.rateLimitPerMinute, scope: 'auth', clock: deps.clock }));
  return router.openapi(setupRoute, async (c) => {
    const em = c.var.em;
    await refuseOnceAnAdminExists(em);
    const expected = deps.config.setupToken;
    if (!expected) {
      throw new ProblemError({
        status: 403,
        detail: 'Setup is disabled: SETUP_TOKEN is not set on the server (or use npm run admin:create)',
      });
    }
    const { token, ...account } = c.req.valid('json');
    // Compare digests: equal length, constant time, whatever was sent.
    if (!timingSafeEqual(digest(token), digest(expected))) throw new ProblemError({ status: 403, detail: 'Wrong setup token' });
    const user = await createUser(
      em,
      { ...account, role: 'admin' },
      { hasher: deps.hasher, now: deps.clock(), ip: c.var.client.ip, precondition: lockThenRefuseOnceAnAdminExists },
    );
    return c.json(toPublicUser(user), 201);
  });
}
