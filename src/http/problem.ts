/**
 * RFC 9457 problem details. Every error the API answers with goes through `problem()`, so clients
 * always get `application/problem+json` with a title, a status and the request id.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { publicPath } from './proxy.ts';
import type { AppEnv } from './types.ts';

export interface ProblemInit {
  status: ContentfulStatusCode;
  title?: string;
  detail?: string;
  type?: string;
  /** Extension members (e.g. field-level `errors`). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The problem types the API answers with besides `about:blank`, so a client can tell refusals of
 * one status apart (and say them in words). The OpenAPI document lists them on the Problem schema.
 */
export const PROBLEM_TYPES = {
  /** A cookie-mode session call from another origin (or without Origin / Sec-Fetch-Site). */
  crossSite: 'urn:filamenta:problem:cross-site-request',
  /** A 503 from a route that needs tables the database does not have yet: the install has not run. */
  notInstalled: 'urn:filamenta:problem:not-installed',
} as const;

/** A domain error a handler can throw; the root error handler turns it into a problem response. */
export class ProblemError extends Error {
  readonly init: ProblemInit;
  constructor(init: ProblemInit) {
    super(init.detail ?? init.title ?? TITLES[init.status] ?? String(init.status));
    this.name = 'ProblemError';
    this.init = init;
  }
}

export function problem(c: Context<AppEnv>, init: ProblemInit): Response {
  const body = {
    type: init.type ?? 'about:blank',
    title: init.title ?? TITLES[init.status] ?? 'Error',
    status: init.status,
    ...(init.detail ? { detail: init.detail } : {}),
    instance: publicPath(c),
    requestId: c.get('requestId'),
    ...init.extra,
  };
  // Through Hono, not `respond.ts`: a problem may follow a handler's own `c.header()` (a cookie), which Hono keeps.
  return c.body(JSON.stringify(body), init.status, { ...init.headers, 'Content-Type': 'application/problem+json' });
}
