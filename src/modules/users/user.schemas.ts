import { z } from '@hono/zod-openapi';
import { ROLES, type User } from '../../db/entities/index.ts';
import { email, text } from '../../http/fields.ts';
import { passwordProblem, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from '../auth/password.ts';

/** Letters, digits, `_`, `.`, `-`; no `@`, so a login is unambiguously a username or an email. */
export const UsernameSchema = text()
  .trim()
  .min(3)
  .max(80)
  .regex(/^[A-Za-z0-9_.-]+$/, 'may hold only letters, digits, _ . and -')
  .transform((s) => s.toLowerCase())
  .openapi({ example: 'ada', description: 'Stored lower-cased; 3-80 of A-Z a-z 0-9 _ . -' });

export const EmailSchema = email()
  .transform((s) => s.toLowerCase())
  .openapi({ example: 'ada@example.com', description: 'Stored lower-cased' });

export const NewPasswordSchema = text()
  .superRefine((value, ctx) => {
    const reason = passwordProblem(value);
    if (reason) ctx.addIssue({ code: 'custom', message: `Password ${reason}` });
  })
  .openapi({ description: `${PASSWORD_MIN_LENGTH} characters to ${PASSWORD_MAX_BYTES} UTF-8 bytes`, format: 'password' });

export const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    lastLoginAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('User');

export type PublicUser = z.infer<typeof UserSchema>;

/** What the API shows of a user: never the hash, the TOTP secret or the lockout counters. */
export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    active: user.active,
    emailVerified: user.emailVerified,
    twoFactorEnabled: user.twoFactorEnabled,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** For PATCH bodies: true when at least one field was sent. */
export const atLeastOne = (value: object): boolean => Object.values(value).some((v) => v !== undefined);
