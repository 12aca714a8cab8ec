/**
 * POST /api/v1/setup: the install wizard's "create the administrator" step, guarded by the
 * one-time SETUP_TOKEN and closed for good once any administrator exists.
 */
import { guarded } from '../../http/auth.ts';
import { authRateLimit } from '../../http/rate-limit.ts';
import { createRouter, jsonPost, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { toPublicUser } from '../users/users.repository.ts';
import { UserSchema } from '../users/users.schemas.ts';
import { SetupBody } from './auth.schemas.ts';
import { setupAdmin } from './auth.service.ts';

const setupRoute = jsonPost({
  path: '/setup',
  operationId: 'createFirstAdministrator',
  tags: ['Authentication'],
  summary:
    "Create the first administrator with the server's SETUP_TOKEN (201); 403 for a wrong or unset token, 409 once an administrator exists",
  body: SetupBody,
  responses: {
    201: jsonResponse(UserSchema, 'The administrator'),
    ...problemResponses(403, 409, 422, 429),
  },
});

export function setupRoutes(services: Services) {
  return createRouter().openapi(guarded(services, setupRoute, { before: [authRateLimit(services)] }), async (c) => {
    const user = await setupAdmin(c.var.em, services, c.req.valid('json'), c.var.client.ip);
    return c.json(toPublicUser(user), 201);
  });
}
