/**
 * Validation at the edge: routers are `OpenAPIHono` instances whose zod schemas both validate the
 * request and describe it in the OpenAPI document. A failed validation is a 422 problem with one
 * `{ path, message }` per field, never a handler call.
 */
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import type { ZodError } from 'zod';

import { type Role, ROLES } from '../db/entities/index.ts';
import { problem, PROBLEM_TYPES } from './problem.ts';
import type { AppEnv } from './types.ts';

interface FieldError {
  path: string;
  message: string;
}

/** The 422 answer for a zod error; `in` says which part of the request held the field. */
function validationProblem(c: Context<AppEnv>, error: ZodError, target?: string): Response {
  const errors: FieldError[] = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return problem(c, {
    status: 422,
    detail: `The request ${target === 'json' || !target ? 'body' : target} is not valid`,
    extra: { errors },
  });
}

/**
 * A router for one feature; its routes are validated and documented by their zod schemas. Each
 * route's document entry also gets the answers the HTTP layer gives before its handler runs (see
 * `transportProblems`), so no route has to repeat them.
 */
export function createRouter<E extends Env = AppEnv>(): OpenAPIHono<E> {
  const router = new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblem(c as unknown as Context<AppEnv>, result.error, result.target);
    },
  });
  const openapi = router.openapi;
  router.openapi = ((route, ...rest) =>
    openapi({ ...route, responses: { ...transportProblems(route), ...route.responses } }, ...rest)) as typeof router.openapi;
  return router;
}

/**
 * What a route answers before its handler runs: 413 for a body over BODY_LIMIT on any method but
 * GET and HEAD (the body limit in app.ts), and where a JSON body is declared, 400 for malformed JSON
 * and 415 for another Content-Type (the validator).
 */
function transportProblems(route: RouteConfig) {
  const statuses = route.method === 'get' || route.method === 'head' ? [] : [413];
  if (route.request?.body) statuses.unshift(400, 415);
  return problemResponses(...statuses);
}

const ProblemSchema = z
  .object({
    type: z.string().openapi({
      description: `about:blank, or where one status has several causes a client may tell apart: ${Object.values(PROBLEM_TYPES).join(', ')}`,
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string(),
    requestId: z.string(),
  })
  .openapi('Problem');

const ValidationProblemSchema = ProblemSchema.extend({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
}).openapi('ValidationProblem');

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The body is not well-formed JSON',
  401: 'Missing, expired or invalid access token (WWW-Authenticate: Bearer)',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with an existing resource',
  412: 'If-Match names an older version; nothing was changed',
  413: 'The body is larger than BODY_LIMIT',
  415: 'The body is not application/json (send Content-Type: application/json)',
  422: 'Validation failed: one entry per field in errors',
  428: 'If-Match is missing',
  429: 'Too many requests or account locked; see Retry-After',
  502: 'An upstream server (e.g. the mail server) refused or failed',
  503: 'A service this needs is not configured or not available',
};

/** What a 429 carries: when to try again, and the IETF RateLimit fields of the limit that answered (not for a locked account). */
const TOO_MANY_HEADERS = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
  'RateLimit-Policy': {
    description: 'The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds',
    schema: { type: 'string' },
  },
} as const;

/** OpenAPI response entries for the problem statuses a route can answer. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
        ...(status === 429 ? { headers: TOO_MANY_HEADERS } : {}),
        content: { 'application/problem+json': { schema: status === 422 ? ValidationProblemSchema : ProblemSchema } },
      },
    ]),
  );
}

/**
 * Who may call an operation, declared in the OpenAPI document: a bearer token, and in `x-roles`
 * the roles it must carry (every role when none is named). The README's endpoint table and the
 * authorization test that calls every operation with every role both read it.
 */
export function access(...roles: Role[]) {
  return { security: [{ bearerAuth: [] }], 'x-roles': roles.length ? roles : [...ROLES] };
}

type Security = Record<string, string[]>[];

/** An operation anyone may call without a token. */
export function anyone(): { security: Security } {
  return { security: [] };
}

/** An operation anyone may call; a bearer token, when sent, must be valid and may widen the answer. */
export function anyoneOrSignedIn(): { security: Security } {
  return { security: [{}, { bearerAuth: [] }] };
}

/** A JSON request body that must be present (a missing or non-JSON body fails validation). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** A JSON response entry. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A POST route taking a required JSON body (and a query, when given); public unless `access()` is spread after it. */
export function jsonPost<
  P extends string,
  B extends z.ZodType,
  R extends RouteConfig['responses'],
  Q extends z.ZodObject = z.ZodObject<Record<never, never>>,
>(route: { path: P; operationId: string; tags: string[]; summary: string; body: B; query?: Q; responses: R }) {
  const { body, query, ...rest } = route;
  return createRoute({ method: 'post', ...anyone(), ...rest, request: { body: jsonBody(body), query: query as Q } });
}
