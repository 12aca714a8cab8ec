/** Request and response schemas of /api/v1/users (administration). */
import { z } from '@hono/zod-openapi';
import { ROLES, type User } from '../../db/entities/index.ts';
import { IdParam, pageQuery, text } from '../../http/fields.ts';
import { atLeastOne, EmailSchema, NewPasswordSchema, toPublicUser, UsernameSchema, UserSchema } from './user.schemas.ts';

/** What an administrator sees of an account: the public fields plus lockout, last address and deletion. */
export const AdminUserSchema = UserSchema.extend({
  lastLoginIp: z.string().nullable(),
  lockedUntil: z.iso.datetime().nullable(),
  deletedAt: z.iso.datetime().nullable().openapi({ description: 'Set by a soft delete' }),
}).openapi('AdminUser');

export type AdminUserView = z.infer<typeof AdminUserSchema>;

export function toAdminUser(user: User): AdminUserView {
  return {
    ...toPublicUser(user),
    lastLoginIp: user.lastLoginIp ?? null,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    deletedAt: user.deletedAt?.toISOString() ?? null,
  };
}

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
