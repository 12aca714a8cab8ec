import { describe, expect, it } from 'vitest';

import type { App } from '#src/app.ts';
import { type EnvSource } from '#src/config.ts';
import { useTestApp } from '#test/support/app.ts';

const PROXY = '127.0.0.1';
const STRANGER = '203.0.113.9';
const HTTPS = { 'X-Forwarded-Proto': 'https' };
const HTTP = { 'X-Forwarded-Proto': 'http' };

const t = useTestApp('sqlite', { seed: false });
const appWith = (env?: EnvSource, peer?: string) => t.appWith(env, peer);

describe('security headers', () => {
  const forced = () => appWith({ TRUST_PROXY: 'loopback', FORCE_HTTPS: 'true' }, PROXY);
  it.each([
    ['a 200', () => appWith().request('/health'), 200],
    ['a 404', () => appWith().request('/nope'), 404],
    ['a 405', () => appWith().request('/health', { method: 'POST' }), 405],
    ['a 413', () => appWith({ BODY_LIMIT: '10b' }).request('/api/v1/version', { method: 'POST', body: 'x'.repeat(11) }), 413],
    ['an HTTPS redirect', () => forced().request('/health', { headers: HTTP }), 301],
  ])('are on %s', async (_, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
  });
});

describe('HSTS', () => {
  const proxied = (env: EnvSource = {}) => appWith({ TRUST_PROXY: 'loopback', ...env }, PROXY);

  it('is sent when a trusted proxy says the request came over https', async () => {
    const res = await proxied().request('/health', { headers: HTTPS });
    expect(res.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('is sent when the server itself was reached over https', async () => {
    const res = await appWith().request('https://api.example.com/health');
    expect(res.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('is not sent over plain http', async () => {
    expect((await proxied().request('/health', { headers: HTTP })).headers.has('Strict-Transport-Security')).toBe(false);
    expect((await appWith().request('/health')).headers.has('Strict-Transport-Security')).toBe(false);
  });

  it('is not sent when an untrusted peer claims X-Forwarded-Proto: https', async () => {
    const res = await appWith({ TRUST_PROXY: 'loopback' }, STRANGER).request('/health', { headers: HTTPS });
    expect(res.status).toBe(200);
    expect(res.headers.has('Strict-Transport-Security')).toBe(false);
  });

  it('follows HSTS_MAX_AGE, HSTS_INCLUDE_SUBDOMAINS and HSTS_PRELOAD', async () => {
    const app = proxied({ HSTS_MAX_AGE: '600', HSTS_INCLUDE_SUBDOMAINS: 'false', HSTS_PRELOAD: 'true' });
    const res = await app.request('/health', { headers: HTTPS });
    expect(res.headers.get('Strict-Transport-Security')).toBe('max-age=600; preload');
  });

  it('is not sent at all with HSTS_MAX_AGE=0', async () => {
    const res = await proxied({ HSTS_MAX_AGE: '0' }).request('/health', { headers: HTTPS });
    expect(res.status).toBe(200);
    expect(res.headers.has('Strict-Transport-Security')).toBe(false);
  });
});

describe('FORCE_HTTPS', () => {
  const forced = (env: EnvSource = {}, peer = PROXY) => appWith({ TRUST_PROXY: 'loopback', FORCE_HTTPS: 'true', ...env }, peer);
  const location = async (app: App, url: string, init: RequestInit = { headers: HTTP }) => {
    const res = await app.request(url, init);
    return { status: res.status, location: res.headers.get('Location') };
  };

  it('redirects a GET the trusted proxy received over http with 301, keeping path and query', async () => {
    expect(await location(forced(), 'http://api.example.com/health?a=1&b=two')).toEqual({
      status: 301,
      location: 'https://api.example.com/health?a=1&b=two',
    });
  });

  it('redirects a POST with 308 so the method and body survive', async () => {
    expect(await location(forced(), 'http://api.example.com/api/v1/version', { method: 'POST', headers: HTTP })).toEqual({
      status: 308,
      location: 'https://api.example.com/api/v1/version',
    });
  });

  it('redirects a trusted proxy that sends no X-Forwarded-Proto (Passenger only sends it for https)', async () => {
    expect(await location(forced(), 'http://api.example.com/health', {})).toEqual({
      status: 301,
      location: 'https://api.example.com/health',
    });
  });

  it('keeps BASE_PATH whether or not the proxy stripped it', async () => {
    const app = forced({ BASE_PATH: '/filamenta' });
    expect((await location(app, 'http://api.example.com/filamenta/health?x=1')).location).toBe(
      'https://api.example.com/filamenta/health?x=1',
    );
    expect((await location(app, 'http://api.example.com/health?x=1')).location).toBe('https://api.example.com/filamenta/health?x=1');
  });

  it("puts back a trusted proxy's X-Forwarded-Prefix", async () => {
    const res = await location(forced(), 'http://api.example.com/health', { headers: { ...HTTP, 'X-Forwarded-Prefix': '/api-prefix' } });
    expect(res.location).toBe('https://api.example.com/api-prefix/health');
  });

  it("uses PUBLIC_URL's host over X-Forwarded-Host and Host", async () => {
    const app = forced({ PUBLIC_URL: 'https://public.example.org' });
    const res = await location(app, 'http://internal:3000/health', { headers: { ...HTTP, 'X-Forwarded-Host': 'forwarded.example.net' } });
    expect(res.location).toBe('https://public.example.org/health');
  });

  it('uses X-Forwarded-Host over Host when PUBLIC_URL is not set', async () => {
    const res = await location(forced(), 'http://internal:3000/health', {
      headers: { ...HTTP, 'X-Forwarded-Host': 'forwarded.example.net' },
    });
    expect(res.location).toBe('https://forwarded.example.net/health');
  });

  it('falls back to Host when X-Forwarded-Host is empty', async () => {
    const res = await location(forced(), 'http://api.example.com/health', { headers: { ...HTTP, 'X-Forwarded-Host': '' } });
    expect(res.location).toBe('https://api.example.com/health');
  });

  it('does not redirect what the trusted proxy received over https (no loop)', async () => {
    const res = await forced().request('http://api.example.com/health', { headers: HTTPS });
    expect(res.status).toBe(200);
    expect(res.headers.has('Location')).toBe(false);
  });

  it('never redirects an untrusted peer, whatever it claims', async () => {
    expect((await forced({}, STRANGER).request('/health', { headers: HTTP })).status).toBe(200);
    expect((await forced({}, STRANGER).request('/health')).status).toBe(200);
  });

  it('does nothing when FORCE_HTTPS is off', async () => {
    const res = await appWith({ TRUST_PROXY: 'loopback' }, PROXY).request('/health', { headers: HTTP });
    expect(res.status).toBe(200);
  });
});

describe('CORS', () => {
  const ORIGIN = 'https://app.example.com';

  it('echoes an allowed origin, with credentials and the exposed headers', async () => {
    const res = await appWith({ CORS_ORIGINS: `${ORIGIN},https://other.example.com` }).request('/health', { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe('X-Request-Id,ETag,Retry-After');
    expect(res.headers.get('Vary')).toBe('Origin');
  });

  it('answers a preflight from an allowed origin with 204 and the allowed methods', async () => {
    const res = await appWith({ CORS_ORIGINS: ORIGIN }).request('/api/v1/version', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET,HEAD,PUT,POST,DELETE,PATCH,QUERY');
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe('content-type');
  });

  it('gives an origin that is not listed no Access-Control-Allow-Origin', async () => {
    const res = await appWith({ CORS_ORIGINS: ORIGIN }).request('/health', { headers: { Origin: 'https://evil.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.has('Access-Control-Allow-Origin')).toBe(false);
  });

  it('allows any origin with *, without credentials', async () => {
    const res = await appWith({ CORS_ORIGINS: '*' }).request('/health', { headers: { Origin: 'https://anyone.example' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.has('Access-Control-Allow-Credentials')).toBe(false);
  });

  it('sends no CORS headers at all when CORS_ORIGINS is empty', async () => {
    const app = appWith({ CORS_ORIGINS: '' });
    const res = await app.request('/health', { headers: { Origin: ORIGIN } });
    const preflight = await app.request('/health', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' },
    });
    for (const r of [res, preflight]) expect([...r.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    // A plain OPTIONS answer (what the path allows), not a CORS one.
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
  });
});
