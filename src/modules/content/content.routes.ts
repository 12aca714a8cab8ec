/**
 * /api/v1/content: public reads (published only, unless an editor or admin asks) served by typed
 * Kysely queries; writes for editors and admins through the entities, with ETag/If-Match.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { CONTENT_STATUSES, type ContentStatus } from '../../db/entities/index.ts';
import type { ReadFn } from '../../db/read.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/validation.ts';
import type { AuthDeps } from '../auth/auth.deps.ts';
import { requireAuth, type AuthEnv } from '../auth/auth.middleware.ts';
import { findContent, listContent } from './content.reads.ts';
import { archiveRoute, createItemRoute, deleteRoute, getRoute, listRoute, patchRoute, publishRoute } from './content.openapi.ts';
import { createContent, deleteContent, transitionContent, updateContent, type Actor } from './content.service.ts';
import { toView } from './content.view.ts';
import { etagOf } from './etag.ts';

const EDITORS = ['admin', 'editor'] as const;

/** `read` runs the public reads on the driver itself (`Orm.read`). */
export function contentRoutes(deps: AuthDeps, read: ReadFn) {
  const router = createRouter<AuthEnv>();
  const editors = requireAuth(deps, EDITORS);
  // Reads are public; a bearer token, when sent, must be valid and widens what an editor sees.
  const optional: MiddlewareHandler<AuthEnv> = (c, next) => (c.req.header('authorization') ? requireAuth(deps)(c, next) : next());
  router.get('/', optional);
  router.get('/:id', optional);
  router.post('/', editors);
  router.patch('/:id', editors);
  router.delete('/:id', editors);
  router.post('/:id/publish', editors);
  router.post('/:id/archive', editors);

  const actor = (c: Context<AuthEnv>): Actor => ({ id: c.var.user.id, ip: c.var.client.ip, now: deps.clock() });
  const visible = (c: Context<AuthEnv>): readonly ContentStatus[] =>
    c.var.user && (EDITORS as readonly string[]).includes(c.var.user.role) ? CONTENT_STATUSES : ['published'];

  return router
    .openapi(listRoute, async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await listContent(c.var.em, read, { ...query, visible: visible(c) });
      return c.json({ items, page: query.page, perPage: query.perPage, total }, 200);
    })
    .openapi(getRoute, async (c) => {
      const item = await findContent(c.var.em, read, c.req.valid('param').id, visible(c));
      if (!item) throw new ProblemError({ status: 404, detail: 'No such content' });
      return c.json(item, 200, { ETag: etagOf(item.version) });
    })
    .openapi(createItemRoute, async (c) => {
      const content = await createContent(c.var.em, c.req.valid('json'), actor(c));
      return c.json(toView(content), 201, {
        ETag: etagOf(content.version),
        Location: `${c.var.client.prefix}/api/v1/content/${content.id}`,
      });
    })
    .openapi(patchRoute, async (c) => {
      const content = await updateContent(c.var.em, c.req.valid('param').id, c.req.valid('json'), c.req.header('if-match'), actor(c));
      return c.json(toView(content), 200, { ETag: etagOf(content.version) });
    })
    .openapi(publishRoute, async (c) => {
      const content = await transitionContent(c.var.em, c.req.valid('param').id, 'published', c.req.header('if-match'), actor(c));
      return c.json(toView(content), 200, { ETag: etagOf(content.version) });
    })
    .openapi(archiveRoute, async (c) => {
      const content = await transitionContent(c.var.em, c.req.valid('param').id, 'archived', c.req.header('if-match'), actor(c));
      return c.json(toView(content), 200, { ETag: etagOf(content.version) });
    })
    .openapi(deleteRoute, async (c) => {
      await deleteContent(c.var.em, c.req.valid('param').id, c.req.header('if-match'), actor(c));
      return c.body(null, 204);
    });
}
