/** The HTTP side of the configuration: where the server listens, its public address, proxies, HTTPS, CORS and limits. */
import { makeValidator } from 'envalid';

import type { Target } from './choices.ts';
import type { CleanEnv } from './specs.ts';
import { ConfigIssue } from './validators.ts';

export interface HttpConfig {
  host: string;
  port: number;
  /** '' or a prefix such as '/filamenta' (leading slash, no trailing slash). */
  basePath: string;
  publicUrl: string | undefined;
  /** `TRUST_PROXY` as a list for proxy-addr: [] trusts nobody. */
  trustProxy: string[];
  forceHttps: boolean;
  hsts: { maxAge: number; includeSubDomains: boolean; preload: boolean };
  corsOrigins: string[];
  bodyLimit: number;
  shutdownTimeoutMs: number;
}

/** '/x/' -> '/x', 'x' -> '/x', '/' -> ''. Rejects what cannot be a URL path prefix. */
export function normaliseBasePath(input: string): string {
  const trimmed = input.trim();
  if (/[?#\s\\]/.test(trimmed)) throw new Error(`"${input}" is not a URL path (no spaces, ?, # or \\)`);
  const path = `/${trimmed}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  if (path.split('/').some((seg) => seg === '.' || seg === '..')) throw new Error(`"${input}" must not contain . or .. segments`);
  return path;
}

export const basePath = makeValidator<string>((input) => normaliseBasePath(input));

/** An http(s) origin and path, without a trailing slash. */
export const publicUrl = makeValidator<string>((input) => {
  try {
    const u = new URL(input);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return u.origin + normaliseBasePath(u.pathname);
  } catch {
    throw new ConfigIssue(`"${input}" is not an http(s) URL`);
  }
});

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `false`, `true`, or a comma list of addresses, CIDRs and proxy-addr's names; as proxy-addr's list. */
export const trustProxy = makeValidator<string[]>((input) => {
  const v = input.trim().toLowerCase();
  if (['false', '0', 'no', 'off', ''].includes(v)) return [];
  if (['true', '1', 'yes', 'on', '*'].includes(v)) return ['0.0.0.0/0', '::/0'];
  const entries = input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(e));
  if (bad.length) throw new ConfigIssue(`not an address, CIDR or loopback/linklocal/uniquelocal: ${bad.join(', ')}`);
  return entries;
});

/** A comma list of origins (`https://app.example.com`, no path), or `*`. */
export const corsOrigins = makeValidator<string[]>((input) => {
  const entries = input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => e !== '*' && !/^https?:\/\/[^/\s]+$/.test(e));
  if (bad.length) throw new ConfigIssue(`each origin must look like https://example.com (no path): ${bad.join(', ')}`);
  return entries;
});

export function buildHttpConfig(env: CleanEnv, target: Target, issues: Record<string, string>): HttpConfig {
  if (env.BASE_PATH !== undefined && env.APPLICATION_ROOT !== undefined && env.BASE_PATH !== env.APPLICATION_ROOT) {
    issues.APPLICATION_ROOT = `conflicts with BASE_PATH ("${env.APPLICATION_ROOT}" vs "${env.BASE_PATH}"); set only one`;
  }
  return {
    host: env.HOST,
    port: env.PORT,
    basePath: env.BASE_PATH ?? env.APPLICATION_ROOT ?? env.PASSENGER_BASE_URI ?? '',
    publicUrl: env.PUBLIC_URL,
    // Passenger always sits in front on the loopback or a unix socket; on Lambda the AWS front end
    // (API Gateway, Function URL, ALB) is reported as 127.0.0.1 by adapters/lambda.js.
    trustProxy: env.TRUST_PROXY ?? (target === 'cpanel' || target === 'lambda' ? ['loopback'] : []),
    forceHttps: env.FORCE_HTTPS,
    hsts: { maxAge: env.HSTS_MAX_AGE, includeSubDomains: env.HSTS_INCLUDE_SUBDOMAINS, preload: env.HSTS_PRELOAD },
    corsOrigins: env.CORS_ORIGINS,
    bodyLimit: env.BODY_LIMIT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}
