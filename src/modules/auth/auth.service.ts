/**
 * The two ways an account is made from outside: registration (a member, while the site allows it)
 * and setup (the first administrator, with the server's one-time SETUP_TOKEN).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Setting, User } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { mailUserToken } from '../users/user-tokens.ts';
import { createUser, type NewUser } from '../users/users.service.ts';

type Account = Omit<NewUser, 'role'>;

/** POST /auth/register: a member account while `registration_enabled` is on, mailed a verification link. */
export async function register(
  em: SqlEntityManager,
  services: Services,
  account: Account,
  ip: string | undefined,
  log: Logger,
): Promise<User> {
  if (!(await services.settings.flag('registration_enabled'))) {
    throw new ProblemError({ status: 403, detail: 'Registration is closed on this site' });
  }
  const user = await createUser(em, { ...account, role: 'member' }, { hasher: services.hasher, now: services.clock(), ip });
  await mailUserToken(em, services, user, 'email_verify', log);
  return user;
}

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

/** POST /setup: the first administrator, with SETUP_TOKEN; closed for good once any administrator exists. */
export async function setupAdmin(
  em: SqlEntityManager,
  services: Services,
  { token, ...account }: Account & { token: string },
  ip: string | undefined,
): Promise<User> {
  await refuseOnceAnAdminExists(em);
  const expected = services.config.auth.setupToken;
  if (!expected) {
    throw new ProblemError({
      status: 403,
      detail: 'Setup is disabled: SETUP_TOKEN is not set on the server (or use npm run admin:create)',
    });
  }
  // Compare digests: equal length, constant time, whatever was sent.
  if (!timingSafeEqual(digest(token), digest(expected))) throw new ProblemError({ status: 403, detail: 'Wrong setup token' });
  const context = { hasher: services.hasher, now: services.clock(), ip, precondition: lockThenRefuseOnceAnAdminExists };
  return createUser(em, { ...account, role: 'admin' }, context);
}
