/**
 * Turning TOTP two-factor on and off for the signed-in account. Each code tried counts toward the
 * account's per-minute limit of second factors; a wrong password or code toward its lockout.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';

import type { User } from '../../db/entities/index.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Services } from '../../services.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertNotLocked, failAttempt, limitSecondFactor, wrongCode } from './login.service.ts';
import { consumeCode, matchingStep, newBackupCodes, newSetup, packSecret, type TwoFactorSetup, unpackSecret } from './two-factor.ts';

/** POST /2fa/setup: a new pending secret (replacing any pending one), stored until enabled. */
export async function startSetup(em: SqlEntityManager, user: User): Promise<TwoFactorSetup> {
  if (user.twoFactorEnabled) throw new ProblemError({ status: 409, detail: '2FA is already on; disable it first' });
  const setup = await newSetup(user.email);
  user.totpSecret = packSecret(setup.secret);
  await em.flush();
  return setup;
}

/** POST /2fa/enable: a code of the pending secret turns 2FA on; returns the backup codes, shown only now. */
export async function enableTwoFactor(
  em: SqlEntityManager,
  services: Services,
  user: User,
  code: string,
  ip: string | undefined,
): Promise<string[]> {
  await limitSecondFactor(services, user.id);
  if (user.twoFactorEnabled) throw new ProblemError({ status: 409, detail: '2FA is already on' });
  if (!user.totpSecret) throw new ProblemError({ status: 409, detail: 'No pending secret: call POST /auth/2fa/setup first' });
  const now = services.clock();
  const { secret } = unpackSecret(user.totpSecret);
  const step = matchingStep(secret, code, now);
  if (step === undefined) {
    throw new ProblemError({
      status: 422,
      detail: 'The code does not match the pending secret',
      extra: { errors: [{ path: 'code', message: 'Wrong code: check the authenticator app and the device clock' }] },
    });
  }
  const backupCodes = newBackupCodes();
  await em.transactional(async (tx) => {
    const current = tx.merge(user);
    current.twoFactorEnabled = true;
    current.totpLastStep = step;
    current.totpSecret = packSecret(
      secret,
      backupCodes.map((backupCode) => services.twoFactor.hashBackupCode(user.id, backupCode)),
    );
    recordAudit(tx, { action: 'auth.2fa_enabled', at: now, actorId: user.id, targetType: 'user', targetId: user.id, ip });
  });
  return backupCodes;
}

/** POST /2fa/disable: the password and a code (TOTP or backup) turn 2FA off, unless the site requires it. */
export async function disableTwoFactor(
  em: SqlEntityManager,
  services: Services,
  user: User,
  input: { password: string; code: string },
  ip: string | undefined,
): Promise<void> {
  await limitSecondFactor(services, user.id);
  if (!user.twoFactorEnabled) throw new ProblemError({ status: 409, detail: '2FA is not on' });
  if (await services.settings.flag('2fa_required')) {
    throw new ProblemError({ status: 403, detail: 'This site requires two-factor authentication: it cannot be turned off' });
  }
  const now = services.clock();
  assertNotLocked(user, now);
  const wrong = () => failAttempt(em, services, user, user.username, ip, wrongCode('password or code'));
  if (!(await services.hasher.verify(input.password, user.passwordHash))) return wrong();
  if (!(await consumeCode(em, user, input.code, services.twoFactor, now))) return wrong();
  await em.transactional(async (tx) => {
    const current = tx.merge(user);
    Object.assign(current, { twoFactorEnabled: false, totpSecret: null, failedLoginCount: 0, lockedUntil: null });
    recordAudit(tx, { action: 'auth.2fa_disabled', at: now, actorId: user.id, targetType: 'user', targetId: user.id, ip });
  });
}
