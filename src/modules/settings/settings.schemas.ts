/**
 * The settings as a flat, typed map: each key's type is the type of its default in
 * `SETTING_DEFAULTS` (booleans stay booleans, numbers stay numbers); unknown keys are refused.
 */
import { z } from '@hono/zod-openapi';

import { LANGUAGES } from '../../db/entities/index.ts';
import { SETTING_DEFAULTS, type SettingDefault } from '../../db/seed.ts';
import { email, text } from '../../http/fields.ts';

/** What GET answers for a secret that is set; PATCH treats it (and "") as "keep the stored secret". */
export const SECRET_MASK = '********';

const EMAIL_FORMATS = ['html_only', 'txt_only', 'html_with_fallback'] as const;

const MAX_STRING = 2000;

/** Settings narrower than their type: what the mail server would refuse is refused here (422), not at the next mail. */
const NARROWER: Record<string, () => z.ZodType> = {
  email_format: () => z.enum(EMAIL_FORMATS),
  default_language: () => z.enum(LANGUAGES),
  smtp_from_email: () => email(),
  smtp_port: () => z.number().int().min(1).max(65_535),
  // A link's expiry is stored as a date: a lifetime past any database's date range fails every mail.
  email_verification_token_expiry_hours: () =>
    z
      .number()
      .int()
      .min(0)
      .max(24 * 366),
  password_reset_token_expiry_minutes: () =>
    z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 31),
};

function valueSchema(d: SettingDefault): z.ZodType {
  const narrower = NARROWER[d.key];
  if (narrower) return narrower();
  switch (typeof d.value) {
    case 'boolean':
      return z.boolean();
    case 'number':
      return z.number().int().min(0);
    default:
      return text().max(MAX_STRING);
  }
}

const describe = (d: SettingDefault) =>
  d.encrypted ? `${d.description} (secret: answered as "${SECRET_MASK}" when set, "" when not)` : d.description;

const shape = Object.fromEntries(
  SETTING_DEFAULTS.map((d) => [d.key, valueSchema(d).openapi({ description: describe(d), example: d.encrypted ? '' : d.value })]),
) as Record<string, z.ZodType>;

export type SettingValue = string | number | boolean;
export type SettingsMap = Record<string, SettingValue>;

/** Every setting, as GET answers it. */
export const SettingsSchema = z.object(shape).openapi('Settings') as unknown as z.ZodType<SettingsMap>;

/** A partial map: only the keys named change; any other key is a field error of its own. */
export const SettingsPatchSchema = z
  .looseObject(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()])))
  .superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key)) ctx.addIssue({ code: 'custom', path: [key], message: 'Unknown setting' });
      }
    },
    // Run even when a known key has the wrong type, so every bad key is reported at once.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
  )
  .openapi('SettingsPatch') as unknown as z.ZodType<Partial<SettingsMap>>;

/** GET /config: what a client needs before signing in, from the settings; never a secret. */
export const PublicConfigSchema = z
  .object({
    siteName: z.string(),
    siteUrl: z.string(),
    logoUrl: z
      .string()
      .openapi({ description: 'The logo_url setting, else the console’s icon under the base path (<base>/admin/logo.svg)' }),
    footerText: z.string(),
    registrationEnabled: z.boolean().openapi({ description: 'POST /auth/register is open' }),
    emailVerificationRequired: z.boolean().openapi({ description: 'New accounts must verify their email' }),
    twoFactorRequired: z.boolean().openapi({ description: 'Every account must set up TOTP two-factor authentication' }),
    languages: z.array(z.enum(LANGUAGES)).openapi({ description: 'The languages a user may choose in their preferences' }),
  })
  .openapi('PublicConfig');

export type PublicConfig = z.infer<typeof PublicConfigSchema>;
