/**
 * /api/v1/setup: installing from a browser (the console's install page) or any client. The report
 * is readable by anyone while no administrator exists; every step that changes something needs the
 * one-time SETUP_TOKEN and is rate limited like the logins; once an administrator exists they
 * answer 409 (type `urn:filamenta:problem:setup-done`), but the migrations, which administrators
 * may apply with their bearer token.
 */
import { createRoute } from '@hono/zod-openapi';

import type { Orm } from '../../db/orm.ts';
import { type AuthEnv, guarded } from '../../http/auth.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { anyone, anyoneOrSignedIn, createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { TestResult } from '../mail/mail.schemas.ts';
import { sendTestMail } from '../mail/mail.service.ts';
import { toPublicUser } from '../users/users.repository.ts';
import { UserSchema } from '../users/users.schemas.ts';
import { MigrationsBody, MigrationsResult, SETUP_DONE_TYPE, SetupBody, SetupStatusSchema, SmtpTestBody } from './setup.schemas.ts';
import { applyMigrations, checkInstalling, setupAdmin, setupStatus } from './setup.service.ts';

const tags = ['Setup'];

/** The 409 every setup step answers once an administrator exists, with its problem type. */
const setupDone = {
  409: { ...problemResponses(409)[409], description: `Setup is done: an administrator exists (problem type ${SETUP_DONE_TYPE})` },
};
const tokenRefused = {
  403: { ...problemResponses(403)[403], description: 'SETUP_TOKEN is not set on the server, or the token sent is not it' },
};

const statusRoute = createRoute({
  method: 'get',
  path: '/setup',
  operationId: 'getSetupStatus',
  tags,
  ...anyone(),
  summary:
    'Whether an administrator exists; while none does, the install report: Node version, database and pending migrations, SQLite data folder, SECRET_KEY, mail, base path and public URL as the app sees them, SETUP_TOKEN set or not',
  responses: { 200: jsonResponse(SetupStatusSchema, 'installed, and the report while it is false') },
});

const migrationsRoute = {
  ...jsonPost({
    path: '/setup/migrations',
    operationId: 'applySetupMigrations',
    tags,
    summary:
      'Apply the pending migrations, then add the default settings that are missing: with { token: SETUP_TOKEN } until an administrator exists, then to administrators (bearer token, body {})',
    body: MigrationsBody,
    responses: {
      200: jsonResponse(MigrationsResult, 'What ran; an up-to-date database runs nothing'),
      ...problemResponses(401),
      403: { ...problemResponses(403)[403], description: 'No or wrong SETUP_TOKEN, or a signed-in account that is not an administrator' },
      ...setupDone,
      ...problemResponses(422, 429),
    },
  }),
  ...anyoneOrSignedIn(),
};

const adminRoute = jsonPost({
  path: '/setup',
  operationId: 'createFirstAdministrator',
  tags,
  summary:
    "Create the first administrator with the server's SETUP_TOKEN (201), and save siteName and siteUrl when given; 403 for a wrong or unset token, 409 once an administrator exists",
  body: SetupBody,
  responses: { 201: jsonResponse(UserSchema, 'The administrator'), ...tokenRefused, ...setupDone, ...problemResponses(422, 429) },
});

const smtpTestRoute = jsonPost({
  path: '/setup/smtp-test',
  operationId: 'testSetupSmtp',
  tags,
  summary:
    "Send a test mail with the server's SETUP_TOKEN, the way every mail goes now -> { to, via }; 502 with the mail server's error, 503 when none is configured; 409 once an administrator exists (then POST /settings/smtp/test)",
  body: SmtpTestBody,
  responses: {
    200: jsonResponse(TestResult, 'Accepted by the mail server'),
    ...tokenRefused,
    ...setupDone,
    ...problemResponses(422, 429, 502, 503),
  },
});

export function setupRoutes(services: Services, orm: Orm) {
  const before = [authRateLimit<AuthEnv>(services)];
  return createRouter<AuthEnv>()
    .openapi(statusRoute, async (c) => c.json(await setupStatus(c.var.em, orm, services.config, c.var.client, c.req.url), 200))
    .openapi(guarded(services, migrationsRoute, { before }), async (c) => {
      const signedIn = c.var.user as AuthEnv['Variables']['user'] | undefined;
      return c.json(await applyMigrations(c.var.em, orm, services.config, { token: c.req.valid('json').token, signedIn }), 200);
    })
    .openapi(guarded(services, adminRoute, { before }), async (c) => {
      const user = await setupAdmin(c.var.em, orm, services, c.req.valid('json'), c.var.client.ip);
      return c.json(toPublicUser(user), 201);
    })
    .openapi(guarded(services, smtpTestRoute, { before }), async (c) => {
      const { token, to } = c.req.valid('json');
      await checkInstalling(c.var.em, orm, services.config, token);
      return c.json({ to, via: await sendTestMail(services.mailer, to, undefined, c.var.log) }, 200);
    });
}
