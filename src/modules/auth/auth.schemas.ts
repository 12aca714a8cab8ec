import { z } from '@hono/zod-openapi';
import { text } from '../../http/fields.ts';
import { PASSWORD_MAX_BYTES } from './password.ts';
import { EmailSchema, NewPasswordSchema, UsernameSchema, UserSchema } from '../users/users.schemas.ts';

/** A password being checked, not chosen: any non-empty string up to the byte cap. */
export const PasswordInput = text()
  .min(1)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= PASSWORD_MAX_BYTES, `Password must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`)
  .openapi({ format: 'password' });

export const LoginBody = z
  .object({
    login: text().trim().min(1).max(254).openapi({ description: 'Username or email', example: 'ada' }),
    password: PasswordInput,
  })
  .openapi('LoginRequest');

export const RefreshBody = z.object({ refreshToken: text().min(1).max(200) }).openapi('RefreshRequest');

export const RegisterBody = z
  .object({ username: UsernameSchema, email: EmailSchema, password: NewPasswordSchema })
  .openapi('RegisterRequest');

export const SessionSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string().openapi({ description: 'Single use: each refresh returns a new one' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
    user: UserSchema,
  })
  .openapi('Session');

export const MfaChallengeSchema = z
  .object({
    mfaRequired: z.literal(true),
    mfaToken: z.string().openapi({ description: 'Short-lived (5 min); send it with a code to POST /auth/login/2fa' }),
  })
  .openapi('MfaChallenge');
