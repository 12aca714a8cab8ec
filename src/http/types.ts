import type { SqlEntityManager } from '@mikro-orm/sql';

import type { Logger } from '../logger.ts';

/** What the proxy-aware middleware learned about the client. */
export interface ClientInfo {
  /** The client address: the socket peer, or the first untrusted X-Forwarded-For hop. */
  ip: string | undefined;
  /** Whether the request reached a trusted proxy over HTTPS (or this server over TLS). */
  secure: boolean;
  /** Whether the direct peer is a trusted proxy (so its X-Forwarded-* headers are believed). */
  viaTrustedProxy: boolean;
  /** The public path prefix: BASE_PATH, else a trusted X-Forwarded-Prefix. */
  prefix: string;
}

/** The typed context every router shares. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The headers every response of this request carries (request id, security headers, rate limits): `respond.ts`. */
    headers: Record<string, string>;
    client: ClientInfo;
    log: Logger;
    em: SqlEntityManager;
  };
}
