/**
 * Small helpers shared by the conformance targets: turning each harness's answer into a
 * TargetResponse, and the configuration every target runs the contract with.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { Target, TargetResponse } from './contract.ts';

const SECRET_KEY = 'Zq8vN2xR5tL9wK3mB7cF1hJ4pD6gS0yAeU2iO5nT8rW=';
export const BASE_PATH = '/filamenta';

/** What every target turns on: production, FORCE_HTTPS, migrations at start. */
export const CONTRACT_ENV = { NODE_ENV: 'production', SECRET_KEY, FORCE_HTTPS: 'true', MIGRATE_ON_START: 'true', LOG_LEVEL: 'info' };

/** Node's IncomingHttpHeaders (arrays only for set-cookie) as plain strings. */
export function fromIncoming(status: number, headers: IncomingHttpHeaders, body: string): TargetResponse {
  const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  return { status, headers: flat, body };
}

/** A fetch Response (joins duplicate headers with ", " like Node) as a TargetResponse. */
export async function fromFetch(res: Response): Promise<TargetResponse> {
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/**
 * A target the test reaches without a real proxy (in process, the bare Node server): the test
 * itself plays the trusted proxy on the loopback, sending X-Forwarded-Proto and X-Request-Id.
 */
export const TEST_AS_PROXY = {
  database: 'sqlite',
  basePath: BASE_PATH,
  host: 'localhost',
  servesUnprefixed: true,
  bareBasePath: 'answers',
  behindTrustedProxy: 'forwards',
  supportsHttpsRedirect: true,
} as const satisfies Partial<Target>;
