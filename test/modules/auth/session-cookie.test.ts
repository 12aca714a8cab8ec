/**
 * The cookie mode of the session calls (`?session=cookie`): the refresh token in an HttpOnly,
 * SameSite=Strict cookie scoped to the auth path, the access token alone in the body, and every
 * cookie-mode call refused when it comes from another origin (a forged cross-site request).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';

import { loadConfig } from '#src/config.ts';
import { RefreshToken } from '#src/db/entities/index.ts';
import { appOn } from '#test/support/app.ts';
import { type AuthTestApp, buildAuthApp, PASSWORD, type Session } from '#test/support/auth.ts';
import { testEnv } from '#test/support/databases.ts';
import { json } from '#test/support/http.ts';
import { describeEachDatabase } from '#test/support/matrix.ts';

const SITE = 'http://localhost';
const CROSS_SITE = 'urn:filamenta:problem:cross-site-request';

/** The `name=value` and attributes of the session cookie a response sets. */
function sessionCookie(res: Response): { value: string; attributes: string[] } | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('filamenta_refresh='));
  if (!header) return undefined;
  const [pair, ...attributes] = header.split(/;\s*/);
  return { value: pair.slice('filamenta_refresh='.length), attributes };
}

describeEachDatabase('the session cookie mode', (type) => {
  let t: AuthTestApp;
  beforeEach(async () => {
    t = await buildAuthApp(type);
    await t.admin('root');
  });
  afterEach(() => t?.close());

  const cookieCall = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.post(`/api/v1/auth/${path}?session=cookie`, body, { origin: SITE, ...headers });
  const signIn = () => cookieCall('login', { login: 'root', password: PASSWORD });

  it('login sets the refresh token as an HttpOnly SameSite=Strict cookie on the auth path and leaves it out of the body', async () => {
    const res = await signIn();
    expect(res.status).toBe(200);
    const body: Record<string, unknown> = await json(res);
    expect(body).toMatchObject({ tokenType: 'Bearer', user: { username: 'root' } });
    expect(body.accessToken).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('refreshToken');
    const cookie = sessionCookie(res)!;
    expect(cookie.value).toMatch(/^\S{20,}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict', 'Max-Age=2592000']));
    // Plain HTTP here: a Secure cookie would never come back.
    expect(cookie.attributes).not.toContain('Secure');
    // The access token works; the JSON mode still answers as it always did.
    expect((await t.get('/api/v1/auth/me', body.accessToken as string)).status).toBe(200);
    const plain: Session = await json(await t.login('root'));
    expect(plain.refreshToken).toEqual(expect.any(String));
  });

  it('refresh reads the cookie, rotates it, and the old cookie value is spent', async () => {
    const first = sessionCookie(await signIn())!.value;
    const res = await cookieCall('refresh', {}, { cookie: `filamenta_refresh=${first}` });
    expect(res.status).toBe(200);
    const body: Record<string, unknown> = await json(res);
    expect(body).not.toHaveProperty('refreshToken');
    expect((await t.get('/api/v1/auth/me', body.accessToken as string)).status).toBe(200);
    const second = sessionCookie(res)!.value;
    expect(second).not.toBe(first);
    // The spent value is refused (and its whole session revoked), and the browser is told to drop it.
    const reused = await cookieCall('refresh', {}, { cookie: `filamenta_refresh=${first}` });
    expect(reused.status).toBe(401);
    expect(sessionCookie(reused)?.attributes).toContain('Max-Age=0');
    expect((await cookieCall('refresh', {}, { cookie: `filamenta_refresh=${second}` })).status).toBe(401);
  });

  it('refresh without a cookie is 204 (nobody is signed in here), and the JSON mode without a token is still 422', async () => {
    const res = await cookieCall('refresh', {});
    expect(res.status).toBe(204);
    expect(sessionCookie(res)).toBeUndefined();
    const plain = await t.post('/api/v1/auth/refresh', {});
    expect(plain.status).toBe(422);
    expect(await json(plain)).toMatchObject({ errors: [{ path: 'refreshToken' }] });
  });

  it('logout revokes the cookie’s session and clears the cookie', async () => {
    const other: Session = await json(await t.login('root'));
    const token = sessionCookie(await signIn())!.value;
    const res = await cookieCall('logout', {}, { cookie: `filamenta_refresh=${token}` });
    expect(res.status).toBe(204);
    const cleared = sessionCookie(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['Max-Age=0', 'Path=/api/v1/auth']));
    expect((await cookieCall('refresh', {}, { cookie: `filamenta_refresh=${token}` })).status).toBe(401);
    // Only that session: another one of the same account lives on.
    expect((await t.post('/api/v1/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
  });

  it('a forged cross-site request with the victim’s cookie is refused with the cross-site-request problem, and nothing changes', async () => {
    const token = sessionCookie(await signIn())!.value;
    const forgeries: Record<string, string>[] = [
      { origin: 'https://evil.example', cookie: `filamenta_refresh=${token}`, 'sec-fetch-site': 'cross-site' },
      // An attacker's page on another port or scheme is another origin too.
      { origin: 'http://localhost:8080', cookie: `filamenta_refresh=${token}` },
      // No Origin: only Sec-Fetch-Site: same-origin would do.
      { origin: '', cookie: `filamenta_refresh=${token}`, 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of forgeries) {
      if (!headers.origin) delete headers.origin;
      for (const path of ['refresh', 'logout']) {
        const res = await t.app.request(`/api/v1/auth/${path}?session=cookie`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: '{}',
        });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await json(res)).toMatchObject({ type: CROSS_SITE, status: 403 });
        expect(sessionCookie(res)).toBeUndefined();
      }
    }
    // Login CSRF (signing the victim into the attacker's account) is refused the same way.
    const login = await t.post(
      '/api/v1/auth/login?session=cookie',
      { login: 'root', password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(login.status).toBe(403);
    expect(sessionCookie(login)).toBeUndefined();
    // The session survived every forgery; a same-origin fetch without Origin (Sec-Fetch-Site) is accepted.
    const rows = await t.orm.fork().find(RefreshToken, {});
    expect(rows.every((r) => !r.revokedAt)).toBe(true);
    const sameOrigin = await t.app.request('/api/v1/auth/refresh?session=cookie', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `filamenta_refresh=${token}`, 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('under a base path behind an HTTPS proxy the cookie is Secure and scoped to <base>/api/v1/auth; PUBLIC_URL names the origin', async () => {
    const appWith = (env: Record<string, string>, peer?: string) => appOn(t, loadConfig(testEnv({ ...t.db.env, ...env })), peer);
    const app = appWith({ BASE_PATH: '/filamenta', TRUST_PROXY: 'loopback' }, '127.0.0.1');
    // As the Node adapter builds it: the URL's host is the Host header the proxy passed on.
    const res = await app.request('http://site.example/filamenta/api/v1/auth/login?session=cookie', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://site.example', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ login: 'root', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)!.attributes).toEqual(expect.arrayContaining(['Path=/filamenta/api/v1/auth', 'Secure', 'HttpOnly']));

    const behindPublicUrl = appWith({ PUBLIC_URL: 'https://www.example.org/filamenta', BASE_PATH: '/filamenta' });
    const call = (origin: string) =>
      behindPublicUrl.request('/filamenta/api/v1/auth/login?session=cookie', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ login: 'root', password: PASSWORD }),
      });
    expect((await call('http://localhost')).status).toBe(403);
    const accepted = await call('https://www.example.org');
    expect(accepted.status).toBe(200);
    expect(sessionCookie(accepted)!.attributes).toContain('Secure');
  });
});
