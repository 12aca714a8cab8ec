/** The content operations as OpenAPI routes: their zod schemas validate requests and document them. */
import { createRoute, z } from '@hono/zod-openapi';
import { IdParam, text } from '../../http/fields.ts';
import { access, anyoneOrSignedIn, jsonBody, jsonResponse, problemResponses } from '../../http/validation.ts';
import {
  ContentListQuery,
  ContentListSchema,
  ContentSchema,
  CreateContentBody,
  IdOrSlugParam,
  PatchContentBody,
} from './content.schemas.ts';

const tags = ['Content'];
const editors = access('editor', 'admin');
const ETag = { ETag: { description: 'The version, for If-Match', schema: { type: 'string' as const } } };
const IfMatch = z.object({ 'if-match': text().optional().openapi({ description: 'ETag of the version being changed' }) });
const one = (description: string) => ({ ...jsonResponse(ContentSchema, description), headers: ETag });
const preconditions = {
  412: { ...problemResponses(412)[412], description: 'If-Match names an older version; nothing was changed' },
};

export const listRoute = createRoute({
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

export const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getContent',
  tags,
  ...anyoneOrSignedIn(),
  summary: 'One item by id or slug with ETag; drafts and archived items are 404 except to editors and admins',
  request: { params: IdOrSlugParam },
  responses: { 200: one('The item'), ...problemResponses(401, 403, 404, 422) },
});

export const createItemRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createContent',
  tags,
  ...editors,
  summary: 'Create content (201, draft unless status is given); slug from the title, -2, -3... when taken; 409 for a taken explicit slug',
  request: { body: jsonBody(CreateContentBody) },
  responses: { 201: one('Created'), ...problemResponses(401, 403, 409, 422) },
});

export const patchRoute = createRoute({
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

export const publishRoute = transition('publish', 'Publish a draft or archived item (409 when already published); If-Match optional');
export const archiveRoute = transition('archive', 'Archive a draft or published item (409 when already archived); If-Match optional');

export const deleteRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  operationId: 'deleteContent',
  tags,
  ...editors,
  summary: 'Delete content (204); If-Match optional, checked when sent',
  request: { params: IdParam, headers: IfMatch },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 422), ...preconditions },
});
