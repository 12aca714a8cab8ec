/**
 * GET <base>/metrics: the Prometheus text of `metrics`, behind `Authorization: Bearer <token>`
 * (METRICS_TOKEN) when a token is set. Not part of the public API, so not in the OpenAPI document.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import type { Handler } from 'hono';

import type { Metrics } from '../observability/metrics.ts';
import { problem } from './problem.ts';
import type { AppEnv } from './types.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares digests, so the comparison takes the same time whatever the candidate's length and
 * content (timingSafeEqual needs equal lengths).
 */
function tokenMatcher(token: string): (candidate: string) => boolean {
  const expected = digest(token);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}

export function metricsEndpoint(metrics: Metrics, token: string | undefined): Handler<AppEnv> {
  const matches = token === undefined ? undefined : tokenMatcher(token);
  return async (c) => {
    if (matches) {
      const presented = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (presented === undefined || !matches(presented)) {
        return problem(c, {
          status: 401,
          detail: presented === undefined ? 'Send the metrics token as Authorization: Bearer <token>' : 'The metrics token is not valid',
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        });
      }
    }
    let text: string;
    try {
      text = await metrics.text();
    } catch (error) {
      c.var.log.warn({ err: error }, 'collecting the metrics failed');
      return problem(c, { status: 503, detail: 'The metrics could not be collected; try again', headers: { 'Retry-After': '1' } });
    }
    return c.body(text, 200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
  };
}
