/**
 * HTTP/1.x over a bare TCP socket, for tests that must control exactly when bytes are sent and see
 * exactly what the server does with the connection: whether a request written before a signal is
 * answered, whether the answer says `Connection: close`, whether the socket ends or is reset.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** How the server left the connection: a clean end (FIN) or a reset. */
export type RawClose = 'end' | 'reset';

export class RawConnection {
  private buffer = Buffer.alloc(0);
  private readonly waiters: (() => void)[] = [];
  private ended = false;
  private resetSeen = false;
  /** Resolves once the socket is closed, saying how. */
  readonly closed: Promise<RawClose>;

  private readonly socket: Socket;
  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.resetSeen = true;
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(this.resetSeen ? 'reset' : 'end')));
    void this.closed.then(() => {
      this.ended = true;
      this.wake();
    });
  }

  /** A connected socket to 127.0.0.1:`port`. */
  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes `text` and resolves once the kernel has it (the server can read it from then on). */
  send(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(text, (error) => (error ? reject(error) : resolve())));
  }

  /** The next complete response (Content-Length or chunked body); rejects when the socket closes first. */
  async read(): Promise<RawResponse> {
    for (;;) {
      const parsed = this.take();
      if (parsed) return parsed;
      if (this.ended) {
        throw new Error(`connection ${this.resetSeen ? 'reset' : 'closed'} before a complete response (${this.buffer.length} bytes read)`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private take(): RawResponse | undefined {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) return undefined;
    const [statusLine, ...lines] = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    if (headers['transfer-encoding'] === 'chunked') {
      // Chunk sizes and data until the last (empty) chunk; no trailers.
      const chunks: Buffer[] = [];
      let at = headEnd + 4;
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd === -1) return undefined;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return undefined;
        chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      this.buffer = this.buffer.subarray(at);
      return { status, headers, body: Buffer.concat(chunks).toString('utf8') };
    }
    const length = Number(headers['content-length'] ?? 0);
    if (this.buffer.length < headEnd + 4 + length) return undefined;
    const body = this.buffer.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(headEnd + 4 + length);
    return { status, headers, body };
  }
}

/** A request as text: `Host` and `Content-Length` added, `Connection` as given. */
export function rawRequest(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; connection?: 'keep-alive' | 'close' } = {},
): string {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    Host: '127.0.0.1',
    Connection: options.connection ?? 'keep-alive',
    ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
    ...options.headers,
  };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n${body}`;
}
