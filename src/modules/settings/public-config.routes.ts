/** GET /api/v1/config (public): what a client needs before signing in, from the settings; never a secret. */
import { createRoute, z } from '@hono/zod-openapi';
import { LANGUAGES } from '../../db/entities/index.ts';
import { anyone, createRouter, jsonResponse } from '../../http/validation.ts';
import { readPlainSettings } from './settings.service.ts';

/** Field -> setting key. Only these settings are public; adding one here publishes it. */
const PUBLIC_SETTINGS = {
  siteName: 'site_name',
  siteUrl: 'site_url',
  logoUrl: 'logo_url',
  footerText: 'footer_text',
  registrationEnabled: 'registration_enabled',
  emailVerificationRequired: 'email_verification_required',
  twoFactorRequired: '2fa_required',
} as const;

export const PublicConfigSchema = z
  .object({
    siteName: z.string(),
    siteUrl: z.string(),
    logoUrl: z.string(),
    footerText: z.string(),
    registrationEnabled: z.boolean().openapi({ description: 'POST /auth/register is open' }),
    emailVerificationRequired: z.boolean().openapi({ description: 'New accounts must verify their email' }),
    twoFactorRequired: z.boolean().openapi({ description: 'Every account must set up TOTP two-factor authentication' }),
    languages: z.array(z.enum(LANGUAGES)).openapi({ description: 'The languages a user may choose in their preferences' }),
  })
  .openapi('PublicConfig');

type PublicConfig = z.infer<typeof PublicConfigSchema>;

const route = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getPublicConfig',
  tags: ['Settings'],
  ...anyone(),
  summary:
    'The public subset of the settings: { siteName, siteUrl, logoUrl, footerText, registrationEnabled, emailVerificationRequired, twoFactorRequired, languages }; never a secret',
  responses: { 200: jsonResponse(PublicConfigSchema, 'The public subset of the settings') },
});

export function publicConfigRoutes() {
  const fields = Object.entries(PUBLIC_SETTINGS) as [keyof typeof PUBLIC_SETTINGS, string][];
  return createRouter().openapi(route, async (c) => {
    const values = await readPlainSettings(
      c.var.em,
      fields.map(([, key]) => key),
    );
    const config = Object.fromEntries(fields.map(([field, key]) => [field, values[key]]));
    // Parsed, not cast: a stored value of the wrong type fails here instead of reaching clients.
    return c.json(PublicConfigSchema.parse({ ...config, languages: [...LANGUAGES] }) satisfies PublicConfig, 200);
  });
}
