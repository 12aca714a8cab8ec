/** /api/v1/users (admin): list, create, read, change, soft or hard delete accounts. */
import type { Context } from 'hono';
import { guarded, type AuthEnv } from '../../http/auth.ts';
import { createRouter } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { toAdminUser } from './admin.schemas.ts';
import { deleteUser, findUser, listUsers, updateUser, type Actor } from './admin.service.ts';
import { createUser } from './users.service.ts';
import { sendVerification } from '../auth/account-mail.service.ts';
import { createUserRoute, deleteUserRoute, getUserRoute, listUsersRoute, patchUserRoute } from './users.openapi.ts';

export function usersRoutes(services: Services) {
  const actor = (c: Context<AuthEnv>): Actor => ({ id: c.var.user.id, ip: c.var.client.ip, now: services.clock() });

  return createRouter<AuthEnv>()
    .openapi(guarded(services, listUsersRoute), async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await listUsers(c.var.em, query);
      return c.json({ items: items.map(toAdminUser), page: query.page, perPage: query.perPage, total }, 200);
    })
    .openapi(guarded(services, createUserRoute), async (c) => {
      const { id, ip, now } = actor(c);
      const user = await createUser(c.var.em, c.req.valid('json'), { hasher: services.hasher, now, actorId: id, ip });
      return c.json(toAdminUser(user), 201, { Location: `${c.var.client.prefix}/api/v1/users/${user.id}` });
    })
    .openapi(guarded(services, getUserRoute), async (c) => c.json(toAdminUser(await findUser(c.var.em, c.req.valid('param').id)), 200))
    .openapi(guarded(services, patchUserRoute), async (c) => {
      const { user, changed } = await updateUser(c.var.em, c.req.valid('param').id, c.req.valid('json'), actor(c), services.hasher);
      // A new address the admin did not mark verified gets its own link.
      if (changed.includes('email') && !user.emailVerified) await sendVerification(c.var.em, user, services, c.var.log);
      return c.json(toAdminUser(user), 200);
    })
    .openapi(guarded(services, deleteUserRoute), async (c) => {
      await deleteUser(c.var.em, c.req.valid('param').id, c.req.valid('query').hard, actor(c));
      return c.body(null, 204);
    });
}
