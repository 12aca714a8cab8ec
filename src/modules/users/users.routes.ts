/** /api/v1/users (admin): list, create, read, change, soft or hard delete accounts. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';

import { type AuthEnv, guarded } from '../../http/auth.ts';
import { access, createRouter, jsonBody, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { findUser, listUsers, toAdminUser } from './users.repository.ts';
import {
  AdminPatchBody,
  AdminUserSchema,
  CreateUserBody,
  DeleteUserQuery,
  UserIdParam,
  UserListQuery,
  UserListSchema,
} from './users.schemas.ts';
import { type Actor, createUser, deleteUser, PROBLEM_NOT_ADMIN, PROBLEM_OWN_ACCOUNT, updateUser } from './users.service.ts';

const users = { tags: ['Users'], ...access('admin') };
/** The 403s of a change to an account, told apart by the problem's `type`. */
const refused = {
  403: {
    ...problemResponses(403)[403],
    description: `Refused: type ${PROBLEM_OWN_ACCOUNT} for a change to your own account (demote, deactivate, delete, set the password), ${PROBLEM_NOT_ADMIN} when you are no longer an administrator, about:blank when your role never allowed it`,
  },
};

const listUsersRoute = createRoute({
  ...users,
  method: 'get',
  path: '/',
  operationId: 'listUsers',
  summary:
    'Accounts, newest first, paginated; q (part of username or email), role, active=true|false, deleted=false|true|only (soft-deleted left out by default)',
  request: { query: UserListQuery },
  responses: { 200: jsonResponse(UserListSchema, 'One page of accounts'), ...problemResponses(401, 403, 422) },
});

const createUserRoute = createRoute({
  ...users,
  method: 'post',
  path: '/',
  operationId: 'createUser',
  summary: 'Create an account with a role (member unless given); 409 naming the taken username or email; audited user.created',
  request: { body: jsonBody(CreateUserBody) },
  responses: { 201: jsonResponse(AdminUserSchema, 'The new account'), ...problemResponses(401, 403, 409, 422) },
});

const getUserRoute = createRoute({
  ...users,
  method: 'get',
  path: '/{id}',
  operationId: 'getUser',
  summary: 'One account (soft-deleted ones too, with deletedAt); never the password hash, TOTP secret or backup codes',
  request: { params: UserIdParam },
  responses: { 200: jsonResponse(AdminUserSchema, 'The account'), ...problemResponses(401, 403, 404, 422) },
});

const patchUserRoute = createRoute({
  ...users,
  method: 'patch',
  path: '/{id}',
  operationId: 'updateUser',
  summary:
    "Change username, email, emailVerified, role, active, password; a role change, deactivation or new password revokes the account's refresh tokens; 403 on yourself, 409 for the last active admin",
  description:
    'A role change, a deactivation or a new password revokes the account’s refresh tokens. Administrators cannot demote or deactivate themselves or set their own password here (403, use PATCH /me); demoting or deactivating the last active administrator is 409.',
  request: { params: UserIdParam, body: jsonBody(AdminPatchBody) },
  responses: { 200: jsonResponse(AdminUserSchema, 'The account after the change'), ...problemResponses(401, 404, 409, 422), ...refused },
});

const deleteUserRoute = createRoute({
  ...users,
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteUser',
  summary:
    'Soft delete (204: deletedAt set, deactivated, signed out; username and email stay taken), or ?hard=true to remove the row (content keeps a null author); 403 on yourself, 409 for the last active admin',
  description: 'Administrators cannot delete themselves (403); deleting the last active administrator is 409.',
  request: { params: UserIdParam, query: DeleteUserQuery },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404, 409, 422), ...refused },
});

export function usersRoutes(services: Services) {
  const actor = (c: Context<AuthEnv>): Actor => ({ id: c.var.user.id, ip: c.var.client.ip, now: services.clock() });

  return createRouter<AuthEnv>()
    .openapi(guarded(services, listUsersRoute), async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await listUsers(c.var.em, query);
      return c.json({ items, page: query.page, perPage: query.perPage, total }, 200);
    })
    .openapi(guarded(services, createUserRoute), async (c) => {
      const { id, ip, now } = actor(c);
      const user = await createUser(c.var.em, c.req.valid('json'), { hasher: services.hasher, now, actorId: id, ip });
      return c.json(toAdminUser(user), 201, { Location: `${c.var.client.prefix}/api/v1/users/${user.id}` });
    })
    .openapi(guarded(services, getUserRoute), async (c) => c.json(toAdminUser(await findUser(c.var.em, c.req.valid('param').id)), 200))
    .openapi(guarded(services, patchUserRoute), async (c) => {
      const user = await updateUser(c.var.em, services, c.req.valid('param').id, c.req.valid('json'), actor(c), c.var.log);
      return c.json(toAdminUser(user), 200);
    })
    .openapi(guarded(services, deleteUserRoute), async (c) => {
      await deleteUser(c.var.em, c.req.valid('param').id, c.req.valid('query').hard, actor(c));
      return c.body(null, 204);
    });
}
