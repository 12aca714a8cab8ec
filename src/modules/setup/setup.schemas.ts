/** Request and response schemas of /api/v1/setup: the install report, migrations, the first administrator, the SMTP test. */
import { z } from '@hono/zod-openapi';

import { DB_TYPES } from '../../config/choices.ts';
import { LANGUAGES } from '../../db/entities/index.ts';
import { email, text } from '../../http/fields.ts';
import { EmailSchema, NewPasswordSchema, UsernameSchema } from '../users/users.schemas.ts';

const SetupToken = text().min(1).max(512).openapi({ description: 'The server’s SETUP_TOKEN' });

/** The problem type of a setup request once an administrator exists (409). */
export const SETUP_DONE_TYPE = 'urn:filamenta:problem:setup-done';

const SiteUrl = text()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Must be an http:// or https:// URL')
  .openapi({
    description: 'The site’s public URL (the `site_url` setting): mail links start with it when PUBLIC_URL is unset',
    example: 'https://example.com',
  });

export const SetupBody = z
  .object({
    token: SetupToken,
    username: UsernameSchema,
    email: EmailSchema,
    password: NewPasswordSchema,
    siteName: text().trim().min(1).max(200).optional().openapi({ description: 'The site’s name (the `site_name` setting)' }),
    siteUrl: SiteUrl.optional(),
    language: z
      .enum(LANGUAGES)
      .optional()
      .openapi({ description: 'The administrator’s language (their preferences), e.g. the one the install page was shown in' }),
  })
  .openapi('SetupRequest');

export const MigrationsBody = z
  .object({
    token: SetupToken.optional().openapi({
      description: 'The server’s SETUP_TOKEN; required until an administrator exists, ignored with a bearer token',
    }),
  })
  .openapi('SetupMigrationsRequest');

export const MigrationsResult = z
  .object({
    applied: z.array(z.string()).openapi({ description: 'The migrations this call ran, in order' }),
    seeded: z.number().int().openapi({ description: 'Default settings added (those missing)' }),
  })
  .openapi('SetupMigrationsResult');

export const SmtpTestBody = z
  .object({ token: SetupToken, to: email().openapi({ description: 'Where to send the test mail' }) })
  .openapi('SetupSmtpTestRequest');

const ReportSchema = z
  .object({
    node: z.object({
      version: z.string(),
      required: z.string().openapi({ description: 'package.json engines.node', example: '>=22.18' }),
      supported: z.boolean(),
    }),
    database: z.object({
      type: z.enum(DB_TYPES),
      driver: z.string(),
      reachable: z.boolean(),
      latencyMs: z.number(),
      pendingMigrations: z
        .array(z.string())
        .openapi({ description: 'Empty once the database is up to date; every migration on a new database' }),
    }),
    dataFolder: z
      .object({ path: z.string(), writable: z.boolean() })
      .nullable()
      .openapi({ description: 'SQLite: the database file’s folder and whether this process may write there; null on other databases' }),
    secretKey: z.enum(['persistent', 'random']).openapi({ description: 'random: SECRET_KEY is unset, so sessions end at every restart' }),
    mail: z.enum(['environment', 'log', 'unconfigured']).openapi({
      description:
        'environment: SMTP_URL/SMTP_HOST; log: no server, mails are written to the log (development); unconfigured: no server in production (set one in the settings after install)',
    }),
    basePath: z.string().openapi({ description: 'BASE_PATH (or a trusted X-Forwarded-Prefix) as the app sees it' }),
    publicUrl: z.string().nullable().openapi({ description: 'PUBLIC_URL, null when unset' }),
    origin: z.string().openapi({ description: 'The origin of this request as the app sees it (scheme from a trusted proxy)' }),
    target: z.string().openapi({ description: 'DEPLOYMENT_TARGET as resolved (node, cpanel, container, lambda)' }),
    setupToken: z.boolean().openapi({ description: 'Whether SETUP_TOKEN is set; the steps that change anything need it' }),
  })
  .openapi('InstallReport');

export const SetupStatusSchema = z
  .object({
    installed: z.boolean().openapi({ description: 'An administrator exists: install is over' }),
    report: ReportSchema.optional().openapi({ description: 'Only while no administrator exists' }),
  })
  .openapi('SetupStatus');

export type SetupStatus = z.infer<typeof SetupStatusSchema>;
export type InstallReport = z.infer<typeof ReportSchema>;
