/** /api/v1/auth/2fa/*: TOTP setup, enable and disable, and /login/2fa, the second step of a login. */
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '../../http/fields.ts';
import { ProblemError } from '../../http/problem.ts';
import { access, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { AuthDeps } from './auth.deps.ts';
import { requireAuth, twoFactorRequired, type AuthEnv } from './auth.middleware.ts';
import { PasswordInput, SessionSchema } from './auth.schemas.ts';
import { completeLogin, locked, recordFailure } from './login.service.ts';
import { enforceLimit, rateLimit } from './rate-limit.ts';
import { bearerChallenge } from './session.service.ts';
import { BACKUP_CODE_COUNT, consumeCode, matchingStep, newBackupCodes, newSetup, packSecret, unpackSecret } from './two-factor.ts';
import { User } from '../../db/entities/index.ts';
import type { SqlEntityManager } from '@mikro-orm/sql';

const tags = ['Two-factor authentication'];

const TotpCode = text()
  .trim()
  .regex(/^\d{6}$/, 'A 6-digit code from the authenticator app')
  .openapi({ example: '123456' });
const AnyCode = text()
  .trim()
  .regex(/^(\d{6}|[A-Za-z2-7]{5}[-\s]?[A-Za-z2-7]{5})$/, 'A 6-digit code from the authenticator app or a backup code (xxxxx-xxxxx)')
  .openapi({ description: 'A TOTP code or one of the backup codes', example: '123456' });

const SetupSchema = z
  .object({
    secret: z.string().openapi({ description: 'Base32 TOTP secret, for entering by hand' }),
    otpauthUrl: z.string().openapi({ example: 'otpauth://totp/Filamenta:ada%40example.com?issuer=Filamenta&secret=...' }),
    qrSvg: z.string().openapi({ description: 'The otpauth URL as a QR code (SVG document)' }),
  })
  .openapi('TwoFactorSetup');
const EnableBody = z.object({ code: TotpCode }).openapi('TwoFactorEnableRequest');
const BackupCodesSchema = z
  .object({ backupCodes: z.array(z.string()).length(BACKUP_CODE_COUNT).openapi({ description: 'One-time codes, shown only now' }) })
  .openapi('TwoFactorBackupCodes');
const DisableBody = z.object({ password: PasswordInput, code: AnyCode }).openapi('TwoFactorDisableRequest');
const LoginTwoFactorBody = z
  .object({ mfaToken: text().min(1).max(1000).openapi({ description: 'From POST /auth/login' }), code: AnyCode })
  .openapi('LoginTwoFactorRequest');

const setupRoute = createRoute({
  method: 'post',
  path: '/2fa/setup',
  operationId: 'startTwoFactorSetup',
  tags,
  ...access(),
  summary:
    'Start TOTP setup: { secret, otpauthUrl, qrSvg } (replacing any pending secret); while 2fa_required is on, accounts without 2FA get 403 on all but this, enable, /auth/me and GET /me',
  responses: { 200: jsonResponse(SetupSchema, 'The pending secret'), ...problemResponses(401, 409, 429) },
});
const enableRoute = createRoute({
  ...jsonPost({
    path: '/2fa/enable',
    operationId: 'enableTwoFactor',
    tags,
    summary: '{ code } from the pending secret -> { backupCodes } (10 one-time codes, stored hashed); 422 for a wrong code',
    body: EnableBody,
    responses: { 200: jsonResponse(BackupCodesSchema, 'Backup codes'), ...problemResponses(401, 409, 422, 429) },
  }),
  ...access(),
});
const disableRoute = createRoute({
  ...jsonPost({
    path: '/2fa/disable',
    operationId: 'disableTwoFactor',
    tags,
    summary: '{ password, code } (TOTP or backup code) -> 204; 401 when either is wrong; 403 while 2fa_required is on',
    body: DisableBody,
    responses: { 204: { description: '2FA is off' }, ...problemResponses(401, 403, 409, 422, 429) },
  }),
  ...access(),
});
const loginTwoFactorRoute = jsonPost({
  path: '/login/2fa',
  operationId: 'loginTwoFactor',
  tags,
  summary:
    '{ mfaToken, code } (TOTP or backup code; the token lives 5 min) -> the session; a code works once; wrong codes count toward the lockout',
  body: LoginTwoFactorBody,
  responses: { 200: jsonResponse(SessionSchema, 'Tokens and the account'), ...problemResponses(401, 403, 422, 429) },
});

const wrongCode = (what = 'code') => new ProblemError({ status: 401, detail: `Wrong or already used ${what}`, headers: bearerChallenge() });

/** A failed second factor counts like a failed password: audit, failure count, lockout. */
async function failSecondFactor(
  em: SqlEntityManager,
  user: User,
  deps: AuthDeps,
  now: Date,
  ip: string | undefined,
  what?: string,
): Promise<never> {
  const lockedUntil = await em.transactional((tx) => recordFailure(tx, user, user.username, deps, now, ip));
  throw lockedUntil ? locked(lockedUntil, now) : wrongCode(what);
}

export function twoFactorRoutes(deps: AuthDeps) {
  const router = createRouter<AuthEnv>();
  const limits = { store: deps.rateLimitStore, limit: deps.config.rateLimitPerMinute, clock: deps.clock };
  const limiter = rateLimit<AuthEnv>({ ...limits, scope: 'auth' });
  for (const path of ['/2fa/setup', '/2fa/enable', '/2fa/disable', '/login/2fa']) router.post(path, limiter);
  for (const path of ['/2fa/setup', '/2fa/enable']) router.post(path, requireAuth(deps, undefined, { allowWithoutTwoFactor: true }));
  router.post('/2fa/disable', requireAuth(deps));
  const accountLimit = (c: { var: AuthEnv['Variables'] }, userId: number) =>
    enforceLimit(`2fa-account:${userId}`, limits, c.var.log, 'two-factor attempts for this account');

  return router
    .openapi(setupRoute, async (c) => {
      const user = c.var.user;
      if (user.twoFactorEnabled) throw new ProblemError({ status: 409, detail: '2FA is already on; disable it first' });
      const setup = await newSetup(user.email);
      user.totpSecret = packSecret(setup.secret);
      await c.var.em.flush();
      return c.json(setup, 200);
    })
    .openapi(enableRoute, async (c) => {
      const { em, user } = c.var;
      await accountLimit(c, user.id);
      if (user.twoFactorEnabled) throw new ProblemError({ status: 409, detail: '2FA is already on' });
      if (!user.totpSecret) throw new ProblemError({ status: 409, detail: 'No pending secret: call POST /auth/2fa/setup first' });
      const now = deps.clock();
      const { secret } = unpackSecret(user.totpSecret);
      const step = matchingStep(secret, c.req.valid('json').code, now);
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
          backupCodes.map((code) => deps.twoFactor.hashBackupCode(user.id, code)),
        );
        recordAudit(tx, {
          action: 'auth.2fa_enabled',
          at: now,
          actorId: user.id,
          targetType: 'user',
          targetId: user.id,
          ip: c.var.client.ip,
        });
      });
      return c.json({ backupCodes }, 200);
    })
    .openapi(disableRoute, async (c) => {
      const { em, user } = c.var;
      const ip = c.var.client.ip;
      await accountLimit(c, user.id);
      if (!user.twoFactorEnabled) throw new ProblemError({ status: 409, detail: '2FA is not on' });
      if (await twoFactorRequired(em, deps)) {
        throw new ProblemError({ status: 403, detail: 'This site requires two-factor authentication: it cannot be turned off' });
      }
      const now = deps.clock();
      if (user.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil, now);
      const body = c.req.valid('json');
      if (!(await deps.hasher.verify(body.password, user.passwordHash)))
        return failSecondFactor(em, user, deps, now, ip, 'password or code');
      if (!(await consumeCode(em, user, body.code, deps.twoFactor, now)))
        return failSecondFactor(em, user, deps, now, ip, 'password or code');
      await em.transactional(async (tx) => {
        const current = tx.merge(user);
        Object.assign(current, { twoFactorEnabled: false, totpSecret: null, failedLoginCount: 0, lockedUntil: null });
        recordAudit(tx, { action: 'auth.2fa_disabled', at: now, actorId: user.id, targetType: 'user', targetId: user.id, ip });
      });
      return c.body(null, 204);
    })
    .openapi(loginTwoFactorRoute, async (c) => {
      const em = c.var.em;
      const ip = c.var.client.ip;
      const body = c.req.valid('json');
      const now = deps.clock();
      const userId = await deps.twoFactor.checkMfaToken(body.mfaToken, now);
      if (userId === undefined) {
        throw new ProblemError({
          status: 401,
          detail: 'The mfaToken is invalid or expired; log in again',
          headers: bearerChallenge('invalid_token'),
        });
      }
      await accountLimit(c, userId);
      const user = await em.findOne(User, { id: userId, deletedAt: null });
      if (!user?.twoFactorEnabled)
        throw new ProblemError({
          status: 401,
          detail: 'The mfaToken is no longer valid; log in again',
          headers: bearerChallenge('invalid_token'),
        });
      if (!user.active) throw new ProblemError({ status: 403, detail: 'This account is disabled' });
      if (user.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil, now);
      const method = await consumeCode(em, user, body.code, deps.twoFactor, now);
      if (!method) return failSecondFactor(em, user, deps, now, ip);
      const details =
        method === 'backup_code' ? { method, backupCodesLeft: unpackSecret(user.totpSecret ?? '').hashes.length } : { method };
      return c.json(await completeLogin(em, user, deps, now, ip, details), 200);
    });
}
