/**
 * Registration: a member account made from outside, while the site allows it (the first
 * administrator is made by setup, `modules/setup`).
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import type { User } from '../../db/entities/index.ts';
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
