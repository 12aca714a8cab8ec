/** Request and response schemas of /api/v1/me and /api/v1/me/preferences. */
import { z } from '@hono/zod-openapi';

import { LANGUAGES, THEMES } from '../../db/entities/index.ts';
import { PasswordInput } from '../auth/auth.schemas.ts';
import { atLeastOne, EmailSchema, NewPasswordSchema, UsernameSchema } from './users.schemas.ts';

export const ProfilePatchBody = z
  .strictObject({
    username: UsernameSchema.optional(),
    email: EmailSchema.optional().openapi({ description: 'Needs currentPassword; the new address is unverified' }),
    password: NewPasswordSchema.optional().openapi({ description: 'Needs currentPassword; ends every session (log in again)' }),
    currentPassword: PasswordInput.optional().openapi({ description: 'Required to change email or password' }),
  })
  .refine(({ currentPassword: _, ...changes }) => atLeastOne(changes), 'Send at least one of username, email, password')
  .superRefine((body, ctx) => {
    if ((body.email !== undefined || body.password !== undefined) && body.currentPassword === undefined) {
      ctx.addIssue({ code: 'custom', path: ['currentPassword'], message: 'Required to change the email or the password' });
    }
  })
  .openapi('ProfilePatch');

export type ProfileChanges = z.infer<typeof ProfilePatchBody>;

const fields = {
  theme: z.enum(THEMES),
  language: z
    .enum(LANGUAGES)
    .nullable()
    .openapi({ description: 'null until chosen: mails then use the site’s default_language, the console the browser’s language' }),
  notifications: z.boolean(),
};

export const PreferencesSchema = z.object({ ...fields, updatedAt: z.iso.datetime() }).openapi('Preferences');

export const PreferencesPatchBody = z
  .strictObject({ theme: fields.theme.optional(), language: fields.language.optional(), notifications: fields.notifications.optional() })
  .refine(atLeastOne, 'Send at least one of theme, language, notifications')
  .openapi('PreferencesPatch');

export type PreferencesChanges = z.infer<typeof PreferencesPatchBody>;

export type PreferencesView = z.infer<typeof PreferencesSchema>;
