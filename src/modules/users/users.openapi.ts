/** The /users (administration) and /me operations as OpenAPI routes. */
import { createRoute } from '@hono/zod-openapi';
import { access, jsonBody, jsonResponse, problemResponses } from '../../http/validation.ts';
import {
  AdminPatchBody,
  AdminUserSchema,
  CreateUserBody,
  DeleteUserQuery,
  UserIdParam,
  UserListQuery,
  UserListSchema,
} from './admin.schemas.ts';
import { PreferencesPatchBody, PreferencesSchema, ProfilePatchBody } from './me.schemas.ts';
import { UserSchema } from './user.schemas.ts';

const users = { tags: ['Users'], ...access('admin') };
const me = { tags: ['Profile'], ...access() };

export const listUsersRoute = createRoute({
  ...users,
  method: 'get',
  path: '/',
  operationId: 'listUsers',
  summary:
    'Accounts, newest first, paginated; q (part of username or email), role, active=true|false, deleted=false|true|only (soft-deleted left out by default)',
  request: { query: UserListQuery },
  responses: { 200: jsonResponse(UserListSchema, 'One page of accounts'), ...problemResponses(401, 403, 422) },
});

export const createUserRoute = createRoute({
  ...users,
  method: 'post',
  path: '/',
  operationId: 'createUser',
  summary: 'Create an account with a role (member unless given); 409 naming the taken username or email; audited user.created',
  request: { body: jsonBody(CreateUserBody) },
  responses: { 201: jsonResponse(AdminUserSchema, 'The new account'), ...problemResponses(401, 403, 409, 422) },
});

export const getUserRoute = createRoute({
  ...users,
  method: 'get',
  path: '/{id}',
  operationId: 'getUser',
  summary: 'One account (soft-deleted ones too, with deletedAt); never the password hash, TOTP secret or backup codes',
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(AdminUserSchema, 'The account'), ...problemResponses(401, 403, 404, 422) },
});

export const patchUserRoute = createRoute({
  ...users,
  method: 'patch',
  path: '/{id}',
  operationId: 'updateUser',
  summary:
    "Change username, email, emailVerified, role, active, password; a role change, deactivation or new password revokes the account's refresh tokens; 403 on yourself, 409 for the last active admin",
  description:
    'A role change, a deactivation or a new password revokes the account’s refresh tokens. Administrators cannot demote or deactivate themselves or set their own password here (403, use PATCH /me); demoting or deactivating the last active administrator is 409.',
  request: { params: UserIdParam, body: jsonBody(AdminPatchBody) },
  responses: { 200: jsonResponse(AdminUserSchema, 'The account after the change'), ...problemResponses(401, 403, 404, 409, 422) },
});

export const deleteUserRoute = createRoute({
  ...users,
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteUser',
  summary:
    'Soft delete (204: deletedAt set, deactivated, signed out; username and email stay taken), or ?hard=true to remove the row (content keeps a null author); 403 on yourself, 409 for the last active admin',
  description: 'Administrators cannot delete themselves (403); deleting the last active administrator is 409.',
  request: { params: UserIdParam, query: DeleteUserQuery },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 409, 422) },
});

export const getMeRoute = createRoute({
  ...me,
  method: 'get',
  path: '/',
  operationId: 'getProfile',
  summary: 'The signed-in account',
  responses: { 200: jsonResponse(UserSchema, 'The account'), ...problemResponses(401, 403) },
});

export const patchMeRoute = createRoute({
  ...me,
  method: 'patch',
  path: '/',
  operationId: 'updateProfile',
  summary:
    'Change username, email (then unverified) or password; email and password need currentPassword (401 when wrong, counted toward the lockout); a new password ends every session',
  description:
    'A new email is unverified. A new password revokes every refresh token of the account, this session’s included: log in again. A wrong currentPassword is 401 and counts toward the lockout (then 429).',
  request: { body: jsonBody(ProfilePatchBody) },
  responses: { 200: jsonResponse(UserSchema, 'The account after the change'), ...problemResponses(401, 403, 409, 422, 429) },
});

export const getPreferencesRoute = createRoute({
  ...me,
  method: 'get',
  path: '/preferences',
  operationId: 'getPreferences',
  summary: '{ theme, language, notifications, updatedAt }, created with the defaults (light, fr, on) at first use',
  responses: { 200: jsonResponse(PreferencesSchema, 'The preferences'), ...problemResponses(401, 403) },
});

export const patchPreferencesRoute = createRoute({
  ...me,
  method: 'patch',
  path: '/preferences',
  operationId: 'updatePreferences',
  summary: 'Change only what is sent: theme light|dark|auto, language en|fr|es, notifications boolean',
  request: { body: jsonBody(PreferencesPatchBody) },
  responses: { 200: jsonResponse(PreferencesSchema, 'The preferences after the change'), ...problemResponses(401, 403, 422) },
});
