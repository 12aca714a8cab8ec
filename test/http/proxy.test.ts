import { describe, expect, it } from 'vitest';

import { type EnvSource } from '#src/config.ts';
import type { ClientInfo } from '#src/http/types.ts';
import { useTestApp } from '#test/support/app.ts';
import { json } from '#test/support/http.ts';

const PROXY = '127.0.0.1';
const STRANGER = '203.0.113.9';

const t = useTestApp('sqlite', { seed: false });
const appWith = (env?: EnvSource, peer?: string) => t.appWith(env, peer);

describe.each([
  ['BASE_PATH', { BASE_PATH: '/filamenta' }],
  ['PASSENGER_BASE_URI', { PASSENGER_BASE_URI: '/filamenta' }],
])('base path from %s=/filamenta', (_, env) => {
  it.each(['/filamenta/health', '/filamenta/health/', '/health'])('GET %s reaches /health', async (path) => {
    const res = await appWith(env).request(path);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'ok' });
  });

  it.each(['/filamenta', '/filamenta/'])('GET %s is the index, linking to /filamenta/health', async (path) => {
    const res = await appWith(env).request(path);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: 'filamenta', health: '/filamenta/health' });
  });

  it('POST /filamenta/health answers 405 with Allow: GET, HEAD', async () => {
    const res = await appWith(env).request('/filamenta/health', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
  });

  it('a 404 under the prefix names the path as the client sent it', async () => {
    const res = await appWith(env).request('/filamenta/api/v1/nope');
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ instance: '/filamenta/api/v1/nope', detail: 'No route for GET /filamenta/api/v1/nope' });
  });

  it('GET /filamentax/health does not reach /health', async () => {
    const res = await appWith(env).request('/filamentax/health');
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({ status: 404, instance: '/filamentax/health' });
  });
});

describe('X-Forwarded-Prefix', () => {
  const index = async (peer: string) => {
    const res = await appWith({ TRUST_PROXY: 'loopback' }, peer).request('/', { headers: { 'X-Forwarded-Prefix': '/api-prefix' } });
    expect(res.status).toBe(200);
    return (await json(res)).health;
  };

  it("from a trusted proxy prefixes the index's health link", async () => {
    expect(await index(PROXY)).toBe('/api-prefix/health');
  });

  it('from an untrusted peer is ignored', async () => {
    expect(await index(STRANGER)).toBe('/health');
  });

  it('gives way to BASE_PATH', async () => {
    const app = appWith({ TRUST_PROXY: 'loopback', BASE_PATH: '/filamenta' }, PROXY);
    const res = await app.request('/', { headers: { 'X-Forwarded-Prefix': '/api-prefix' } });
    expect((await json(res)).health).toBe('/filamenta/health');
  });
});

describe('client address', () => {
  /** What the app believes about the client, read by a probe route on a fresh app. */
  const client = async (env: EnvSource, peer: string | undefined, headers: Record<string, string> = {}): Promise<ClientInfo> => {
    const app = appWith(env, peer);
    app.get('/__client', (c) => c.json(c.var.client));
    const res = await app.request('/__client', { headers });
    expect(res.status).toBe(200);
    return json(res);
  };
  const loopback = { TRUST_PROXY: 'loopback' };

  it('is the peer when nothing is forwarded', async () => {
    expect(await client(loopback, PROXY)).toMatchObject({ ip: PROXY, viaTrustedProxy: true });
  });

  it('is the X-Forwarded-For address a trusted proxy reports', async () => {
    expect(await client(loopback, PROXY, { 'X-Forwarded-For': '198.51.100.7' })).toMatchObject({ ip: '198.51.100.7' });
  });

  it('is the rightmost untrusted hop, not an address the client wrote in front of it', async () => {
    expect(await client(loopback, PROXY, { 'X-Forwarded-For': '6.6.6.6, 198.51.100.7' })).toMatchObject({ ip: '198.51.100.7' });
  });

  it('skips hops that are themselves trusted proxies', async () => {
    const env = { TRUST_PROXY: 'loopback,10.0.0.0/8' };
    expect(await client(env, PROXY, { 'X-Forwarded-For': '6.6.6.6, 198.51.100.7, 10.1.2.3' })).toMatchObject({ ip: '198.51.100.7' });
  });

  it('is the peer itself when an untrusted peer sends X-Forwarded-For', async () => {
    expect(await client(loopback, STRANGER, { 'X-Forwarded-For': '198.51.100.7' })).toEqual({
      ip: STRANGER,
      secure: false,
      viaTrustedProxy: false,
      prefix: '',
    });
  });

  it('trusts nobody when TRUST_PROXY is not set', async () => {
    expect(await client({}, PROXY, { 'X-Forwarded-For': '198.51.100.7' })).toMatchObject({ ip: PROXY, viaTrustedProxy: false });
  });

  it.each(['true', '*'])('trusts every peer with TRUST_PROXY=%s: the leftmost X-Forwarded-For address is the client', async (value) => {
    const info = await client({ TRUST_PROXY: value }, STRANGER, {
      'X-Forwarded-For': '6.6.6.6, 198.51.100.7',
      'X-Forwarded-Proto': 'https',
    });
    expect(info).toMatchObject({ ip: '6.6.6.6', viaTrustedProxy: true, secure: true });
  });

  it('trusts an IPv4-mapped IPv6 loopback peer', async () => {
    expect(await client(loopback, '::ffff:127.0.0.1', { 'X-Forwarded-For': '198.51.100.7' })).toMatchObject({ ip: '198.51.100.7' });
  });
});
