/**
 * What went wrong with a call, in the person's language: the API answers RFC 9457 problems
 * (status, English detail, field errors, Retry-After on 429); the console says each in words from
 * the catalogue, and lets a page say its own thing for a status it understands better.
 */
import { type MessageKey, t, waitInWords } from '../i18n/index.ts';
import type { Problem } from './client.ts';

export interface Failure {
  /** 0 when the server could not be reached. */
  status: number;
  message: string;
  /** Field name -> what is wrong with it, for 422 answers. */
  fields: Record<string, string>;
  /** Seconds to wait, from Retry-After. */
  retryAfter?: number;
}

const BY_STATUS: Record<number, MessageKey> = {
  400: 'error.badRequest',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  412: 'error.stale',
  413: 'error.tooLarge',
  422: 'error.invalid',
  428: 'error.preconditionRequired',
  429: 'error.tooMany',
  502: 'error.upstream',
  503: 'error.unavailable',
};

/** Refusals the API names by problem type (`urn:filamenta:problem:*`), whatever their status. */
const BY_TYPE: Record<string, MessageKey> = {
  'urn:filamenta:problem:own-account': 'users.self',
  'urn:filamenta:problem:not-admin': 'error.notAdmin',
};

/** Seconds from a Retry-After header (seconds or an HTTP date). */
function retryAfter(response: Response | undefined): number | undefined {
  const value = response?.headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, seconds) : undefined;
}

/**
 * The failure of a call: `ownWords` names the catalogue entry a page prefers for a status (the
 * last administrator, yourself...). A 429 always says how long to wait.
 */
export function failure(response: Response | undefined, problem: unknown, ownWords: Partial<Record<number, MessageKey>> = {}): Failure {
  if (!response) return { status: 0, message: t('error.network'), fields: {} };
  const { status } = response;
  const body = (problem && typeof problem === 'object' ? problem : {}) as Partial<Problem>;
  const wait = retryAfter(response);
  // A 409 that names fields is a taken username, email or slug: the fields say so.
  const taken = status === 409 && (body.errors?.length ?? 0) > 0;
  const key = taken ? 'form.error.summary' : ((body.type && BY_TYPE[body.type]) ?? ownWords[status] ?? BY_STATUS[status]);
  let message = key ? t(key, { when: wait ? waitInWords(wait) : '' }) : t('error.server', { id: body.requestId ?? '-' });
  if (status === 429 && wait && !ownWords[429]) message = t('error.tooManyWait', { when: waitInWords(wait) });
  const fields: Record<string, string> = {};
  // A 409 names the field that is taken; a 422 says in English what the API refused.
  for (const e of body.errors ?? []) fields[e.path] = status === 409 ? t('form.error.taken') : t('error.field', { reason: e.message });
  return { status, message, fields, retryAfter: wait };
}

/** For a call that threw (the network is down, the page was left): a failure without a response. */
export function networkFailure(): Failure {
  return failure(undefined, undefined);
}
