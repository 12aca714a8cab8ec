/**
 * The API client: openapi-fetch typed by schema.d.ts (generated from the OpenAPI document), so a
 * changed route breaks the console's type check. URLs are relative to the page's <base>
 * (`<base>/admin/`), whatever base path or proxy prefix the server sits under.
 */
import createClient from 'openapi-fetch';

import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type User = Schemas['User'];
export type Problem = Schemas['Problem'] & { errors?: { path: string; message: string }[] };

/** The app's root URL without the trailing slash: the page's base is `<root>/admin/`. */
export const API_ROOT = new URL('..', document.baseURI).href.replace(/\/$/, '');

export const api = createClient<paths>({ baseUrl: API_ROOT });

let accessToken: string | undefined;
let renew: (() => Promise<boolean>) | undefined;

/** The bearer token every request carries from now on (undefined: none). */
export function useAccessToken(token: string | undefined): void {
  accessToken = token;
}

/** How to get a new access token when the API says the current one expired (set by the session). */
export function onExpiredToken(refresh: () => Promise<boolean>): void {
  renew = refresh;
}

api.use({
  onRequest({ request }) {
    if (accessToken && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${accessToken}`);
    return request;
  },
});

/**
 * Runs an API call; when the access token was refused as expired or invalid (the API says so in
 * WWW-Authenticate before any handler runs, so nothing happened), renews the session once and runs
 * the call again. A 401 for a wrong password is the caller's to show.
 */
export async function call<R extends { response: Response }>(request: () => Promise<R>): Promise<R> {
  const result = await request();
  const refused = result.response.status === 401 && /error="invalid_token"/.test(result.response.headers.get('WWW-Authenticate') ?? '');
  if (!refused || !accessToken || !renew) return result;
  return (await renew()) ? request() : result;
}
