/** Request and response schemas of accounts: their fields, /api/v1/users (administration) and what the API shows of a user. */
import { z } from '@hono/zod-openapi';

import { ROLES } from '../../db/entities/index.ts';
import { email, IdParam, pageQuery, text } from '../../http/fields.ts';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, passwordProblem } from '../auth/password.ts';

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

/** For PATCH bodies: true when at least one field was sent. */
export const atLeastOne = (value: object): boolean => Object.values(value).some((v) => v !== undefined);

/** What an administrator sees of an account: the public fields plus lockout, last address and deletion. */
export const AdminUserSchema = UserSchema.extend({
  lastLoginIp: z.string().nullable(),
  lockedUntil: z.iso.datetime().nullable(),
  deletedAt: z.iso.datetime().nullable().openapi({ description: 'Set by a soft delete' }),
}).openapi('AdminUser');

export type AdminUserView = z.infer<typeof AdminUserSchema>;

const booleanText = z.enum(['true', 'false']).transform((s) => s === 'true');

export const UserListQuery = z.object({
  ...pageQuery,
  q: text().trim().min(1).max(254).optional().openapi({ description: 'Case-insensitive part of the username or email' }),
  role: z.enum(ROLES).optional(),
  active: booleanText.optional().openapi({ description: 'true or false' }),
  deleted: z
    .enum(['false', 'true', 'only'])
    .default('false')
    .openapi({ description: 'Soft-deleted accounts: left out (false, the default), included (true) or alone (only)' }),
});

export type UserListFilter = z.infer<typeof UserListQuery>;

export const UserListSchema = z
  .object({ items: z.array(AdminUserSchema), page: z.number().int(), perPage: z.number().int(), total: z.number().int() })
  .openapi('UserList');

export const CreateUserBody = z
  .object({ username: UsernameSchema, email: EmailSchema, password: NewPasswordSchema, role: z.enum(ROLES).default('member') })
  .openapi('NewUser');

export const AdminPatchBody = z
  .strictObject({
    username: UsernameSchema.optional(),
    email: EmailSchema.optional().openapi({ description: 'A new address is unverified unless emailVerified: true is sent with it' }),
    emailVerified: z.boolean().optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional().openapi({ description: 'false signs the account out (its refresh tokens are revoked)' }),
    password: NewPasswordSchema.optional().openapi({ description: "Sets another user's password and revokes their refresh tokens" }),
  })
  .refine(atLeastOne, 'Send at least one field')
  .openapi('UserPatch');

export type AdminChanges = z.infer<typeof AdminPatchBody>;

export const UserIdParam = IdParam;

export const DeleteUserQuery = z.object({
  hard: booleanText
    .default(false)
    .openapi({ description: 'true removes the row (content keeps a null author; tokens and preferences go with it)' }),
});
