/**
 * Signing in to a running adapter (a real process) over HTTP: the first administrator through
 * POST /api/v1/setup with the server's SETUP_TOKEN, then a login.
 */
import { httpRequest } from './process.ts';

export const ADAPTER_SETUP_TOKEN = 'adapter-setup-token-0123456789';
export const ADAPTER_PASSWORD = 'correct horse battery';

/** Creates the administrator `username` (the server needs SETUP_TOKEN=ADAPTER_SETUP_TOKEN) and returns an access token. */
export async function adminToken(url: string, username = 'ada'): Promise<string> {
  const json = { 'content-type': 'application/json' };
  const setup = await httpRequest(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ token: ADAPTER_SETUP_TOKEN, username, email: `${username}@example.com`, password: ADAPTER_PASSWORD }),
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status}: ${setup.body}`);
  const login = await httpRequest(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ login: username, password: ADAPTER_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.body}`);
  return (JSON.parse(login.body) as { accessToken: string }).accessToken;
}
