import { z } from '@hono/zod-openapi';

import { text } from '../../http/fields.ts';
import { EmailSchema, NewPasswordSchema, UsernameSchema, UserSchema } from '../users/users.schemas.ts';
import { PASSWORD_MAX_BYTES } from './password.ts';

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

export const RefreshBody = z
  .object({
    refreshToken: text().min(1).max(200).optional().openapi({
      description: 'Required in the JSON mode; in the cookie mode (`?session=cookie`) the cookie carries it and this is ignored',
    }),
  })
  .openapi('RefreshRequest');

/** `?session=cookie`: the refresh token travels in an HttpOnly cookie instead of the body. */
export const SessionModeQuery = z.object({
  session: z
    .enum(['json', 'cookie'])
    .optional()
    .openapi({
      param: { name: 'session', in: 'query' },
      description:
        'json (the default): the refresh token is in the body, both ways. cookie (browsers): it travels in the HttpOnly, SameSite=Strict cookie filamenta_refresh scoped to <base>/api/v1/auth (Secure on HTTPS) and is left out of the body; the request must come from the site’s origin (Origin, else Sec-Fetch-Site: same-origin), or it is refused with 403 urn:filamenta:problem:cross-site-request',
    }),
});

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

export const CookieSessionSchema = SessionSchema.omit({ refreshToken: true })
  .openapi({ description: 'The session in the cookie mode: the refresh token is in the filamenta_refresh cookie' })
  .openapi('CookieSession');

export const MfaChallengeSchema = z
  .object({
    mfaRequired: z.literal(true),
    mfaToken: z.string().openapi({ description: 'Short-lived (5 min); send it with a code to POST /auth/login/2fa' }),
  })
  .openapi('MfaChallenge');
