/**
 * /api/v1/content: public reads (published only, unless an editor or admin asks) served by the
 * repository's typed queries; writes for editors and admins through the entities, with ETag/If-Match.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';

import { CONTENT_STATUSES, type ContentStatus } from '../../db/entities/index.ts';
import { type AuthEnv, guarded } from '../../http/auth.ts';
import { IdParam, text } from '../../http/fields.ts';
import { ProblemError } from '../../http/problem.ts';
import { empty, json } from '../../http/respond.ts';
import { access, anyoneOrSignedIn, createRouter, jsonBody, jsonResponse, problemResponses } from '../../http/validation.ts';
import type { Services } from '../../services.ts';
import { toContentView } from './content.repository.ts';
import {
  ContentListQuery,
  ContentListSchema,
  ContentSchema,
  CreateContentBody,
  IdOrSlugParam,
  PatchContentBody,
} from './content.schemas.ts';
import { type Actor, createContent, deleteContent, transitionContent, updateContent } from './content.service.ts';
import { etagOf, notModified } from './etag.ts';

const tags = ['Content'];
const editors = access('editor', 'admin');
const ETag = {
  ETag: { description: 'The item and its version, "<id>-<version>", for If-Match and If-None-Match', schema: { type: 'string' as const } },
};
const IfMatch = z.object({ 'if-match': text().optional().openapi({ description: 'ETag of the version being changed' }) });
/**
 * Documented, not validated: the busiest route would pay for materialising and parsing every request
 * header to read one that any value may fill (a tag list that names no current version is no match).
 */
const IfNoneMatch = {
  in: 'header' as const,
  name: 'if-none-match',
  required: false,
  description: 'ETags of copies the client holds: 304 with no body when one is the current version',
  schema: { type: 'string' as const },
};
const CacheControl = {
  'Cache-Control': {
    description: 'Anonymous reads: public, max-age=0, must-revalidate. Signed-in reads: private, no-cache',
    schema: { type: 'string' as const },
  },
};
const one = (description: string) => ({ ...jsonResponse(ContentSchema, description), headers: ETag });
const preconditions = {
  412: { ...problemResponses(412)[412], description: 'If-Match names an older version; nothing was changed' },
};

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listContent',
  tags,
  ...anyoneOrSignedIn(),
  summary:
    'Published content, newest first, paginated; editors and admins see every status. Filters status, type, q (title), author; items carry excerpt, not body',
  request: { query: ContentListQuery },
  responses: { 200: jsonResponse(ContentListSchema, 'One page of content (excerpts, no bodies)'), ...problemResponses(401, 403, 422) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getContent',
  tags,
  ...anyoneOrSignedIn(),
  summary:
    'One item by id or slug with ETag; If-None-Match answers 304 when unchanged; drafts and archived items are 404 except to editors and admins',
  request: { params: IdOrSlugParam },
  parameters: [IfNoneMatch],
  responses: {
    200: { ...one('The item'), headers: { ...ETag, ...CacheControl } },
    304: { description: 'Not modified: If-None-Match names the current version; no body', headers: { ...ETag, ...CacheControl } },
    ...problemResponses(401, 403, 404, 422),
  },
});

const createItemRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createContent',
  tags,
  ...editors,
  summary: 'Create content (201, draft unless status is given); slug from the title, -2, -3... when taken; 409 for a taken explicit slug',
  request: { body: jsonBody(CreateContentBody) },
  responses: { 201: one('Created'), ...problemResponses(401, 403, 409, 422) },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  operationId: 'updateContent',
  tags,
  ...editors,
  summary: 'Change title, body, excerpt, type or slug; If-Match required (428 without it, 412 when stale, nothing overwritten)',
  request: { params: IdParam, headers: IfMatch, body: jsonBody(PatchContentBody) },
  responses: {
    200: one('Updated'),
    ...problemResponses(401, 403, 404, 409, 422),
    ...preconditions,
    428: { ...problemResponses(428)[428], description: 'If-Match is missing' },
  },
});

const transition = (action: 'publish' | 'archive', summary: string) =>
  createRoute({
    method: 'post',
    path: `/{id}/${action}`,
    operationId: `${action}Content`,
    tags,
    ...editors,
    summary,
    request: { params: IdParam, headers: IfMatch },
    responses: { 200: one('The item after the change'), ...problemResponses(401, 403, 404, 409, 422), ...preconditions },
  });

const publishRoute = transition('publish', 'Publish a draft or archived item (409 when already published); If-Match optional');
const archiveRoute = transition('archive', 'Archive a draft or published item (409 when already archived); If-Match optional');

const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteContent',
  tags,
  ...editors,
  summary: 'Delete content (204); If-Match optional, checked when sent',
  request: { params: IdParam, headers: IfMatch },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 422), ...preconditions },
});

const EDITORS = ['admin', 'editor'] as const;

export function contentRoutes(services: Services) {
  // c.get(), not c.var: Hono builds a fresh object of every variable on each c.var read.
  const actor = (c: Context<AuthEnv>): Actor => ({ id: c.get('user').id, ip: c.get('client').ip, now: services.clock() });
  const signedIn = (c: Context<AuthEnv>) => c.get('user') as AuthEnv['Variables']['user'] | undefined;
  // Signed in (a valid access token) means the primary: an editor reads the draft just saved, any
  // caller what they just changed. Anonymous reads may lag by the replication delay.
  const reader = (c: Context<AuthEnv>) => (signedIn(c) ? services.content : services.publicContent);
  const visible = (c: Context<AuthEnv>): readonly ContentStatus[] => {
    const user = signedIn(c);
    return user && (EDITORS as readonly string[]).includes(user.role) ? CONTENT_STATUSES : ['published'];
  };

  return createRouter<AuthEnv>()
    .openapi(guarded(services, listRoute), async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await reader(c).list({ ...query, visible: visible(c) });
      return json(c, { items, page: query.page, perPage: query.perPage, total }, 200);
    })
    .openapi(guarded(services, getRoute), async (c) => {
      const item = await reader(c).find(c.req.valid('param').id, visible(c));
      if (!item) throw new ProblemError({ status: 404, detail: 'No such content' });
      const headers = {
        ETag: etagOf(item.id, item.version),
        // Shared caches may keep what anyone may read, but must ask each time (max-age=0): a change
        // shows at once, and a revalidation costs a 304. What a signed-in reader sees stays theirs.
        'Cache-Control': signedIn(c) ? 'private, no-cache' : 'public, max-age=0, must-revalidate',
        Vary: 'Authorization',
      };
      if (notModified(c.req.header('if-none-match'), item.id, item.version)) return empty(c, 304, headers);
      return json(c, item, 200, headers);
    })
    .openapi(guarded(services, createItemRoute), async (c) => {
      const item = toContentView(await createContent(c.get('em'), services.content, c.req.valid('json'), actor(c)));
      return json(c, item, 201, { ETag: etagOf(item.id, item.version), Location: `${c.get('client').prefix}/api/v1/content/${item.id}` });
    })
    .openapi(guarded(services, patchRoute), async (c) => {
      const item = toContentView(
        await updateContent(c.var.em, c.req.valid('param').id, c.req.valid('json'), c.req.header('if-match'), actor(c)),
      );
      return c.json(item, 200, { ETag: etagOf(item.id, item.version) });
    })
    .openapi(guarded(services, publishRoute), async (c) => {
      const item = toContentView(
        await transitionContent(c.var.em, c.req.valid('param').id, 'published', c.req.header('if-match'), actor(c)),
      );
      return c.json(item, 200, { ETag: etagOf(item.id, item.version) });
    })
    .openapi(guarded(services, archiveRoute), async (c) => {
      const item = toContentView(
        await transitionContent(c.var.em, c.req.valid('param').id, 'archived', c.req.header('if-match'), actor(c)),
      );
      return c.json(item, 200, { ETag: etagOf(item.id, item.version) });
    })
    .openapi(guarded(services, deleteRoute), async (c) => {
      await deleteContent(c.var.em, c.req.valid('param').id, c.req.header('if-match'), actor(c));
      return c.body(null, 204);
    });
}
