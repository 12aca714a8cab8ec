/**
 * Believes X-Forwarded-* and X-Request-Id only from peers listed in TRUST_PROXY (proxy-addr does the
 * address matching, as in Express). The peer address comes from the adapter.
 */
import type { Context } from 'hono';
import { getPath } from 'hono/utils/url';
import proxyAddr from 'proxy-addr';

import type { Config } from '../config.ts';
import { normaliseBasePath } from '../config.ts';
import type { AppEnv, ClientInfo } from './types.ts';

/** How an adapter tells the app who is on the other end of the socket. */
export type RemoteAddressFn = (c: Context) => string | undefined;

/** Who the client is, read from a request on first use (see LazyClient). */
export function clientInfo(config: Config, remoteAddress: RemoteAddressFn): (c: Context) => ClientInfo {
  const trust = trustFunction(config.trustProxy);
  const resolver: ClientResolver = {
    trustsNobody: !config.trustProxy.length,
    resolve: (c) => resolveClient(c, config, trust, remoteAddress(c)),
  };
  return (c) => new LazyClient(c, resolver);
}

interface ClientResolver {
  /** TRUST_PROXY is empty: no request comes through a trusted proxy, whoever the peer. */
  trustsNobody: boolean;
  resolve(c: Context): ClientInfo;
}

/**
 * The client, resolved on first read: most requests (a probe, a public read without HSTS) never
 * ask, and resolving reads the URL, the peer address and the forwarding headers. Whether the
 * request came through a trusted proxy (asked of every request, for its X-Request-Id) needs none of
 * that when no proxy is trusted.
 */
class LazyClient implements ClientInfo {
  readonly #c: Context;
  readonly #resolver: ClientResolver;
  #info: ClientInfo | undefined;
  constructor(c: Context, resolver: ClientResolver) {
    this.#c = c;
    this.#resolver = resolver;
  }
  get #client(): ClientInfo {
    return (this.#info ??= this.#resolver.resolve(this.#c));
  }
  get ip() {
    return this.#client.ip;
  }
  get secure() {
    return this.#client.secure;
  }
  get viaTrustedProxy() {
    return !this.#resolver.trustsNobody && this.#client.viaTrustedProxy;
  }
  get prefix() {
    return this.#client.prefix;
  }
  toJSON(): ClientInfo {
    return this.#client;
  }
}

function resolveClient(c: Context, config: Config, trust: (addr: string, i: number) => boolean, peer: string | undefined): ClientInfo {
  const viaTrustedProxy = peer !== undefined && trust(peer, 0);
  const urlSecure = c.req.url.startsWith('https:');
  if (!viaTrustedProxy) return { ip: peer, secure: urlSecure, viaTrustedProxy, prefix: config.basePath };

  const forwardedFor = c.req.header('x-forwarded-for');
  const ip = forwardedFor
    ? proxyAddr({ headers: { 'x-forwarded-for': forwardedFor }, connection: { remoteAddress: peer } } as never, trust)
    : peer;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0].trim().toLowerCase();
  let prefix = config.basePath;
  const forwardedPrefix = c.req.header('x-forwarded-prefix');
  if (!prefix && forwardedPrefix) {
    try {
      prefix = normaliseBasePath(forwardedPrefix.split(',')[0]);
    } catch {
      prefix = '';
    }
  }
  return { ip, secure: proto ? proto === 'https' : urlSecure, viaTrustedProxy, prefix };
}

/** proxy-addr refuses /0 ranges, so "trust everybody" (TRUST_PROXY=true) is its own function. */
function trustFunction(list: readonly string[]): (addr: string, i: number) => boolean {
  if (!list.length) return () => false;
  if (list.includes('0.0.0.0/0') || list.includes('::/0')) return () => true;
  return proxyAddr.compile([...list]);
}

/**
 * The path as the request reached the app, base path included (Passenger and nginx without a
 * trailing slash pass it on); routes see it without. A proxy that strips the prefix hides it.
 */
export function publicPath(c: Context<AppEnv>): string {
  return getPath(c.req.raw);
}
