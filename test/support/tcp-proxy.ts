/**
 * A TCP relay between the app and a database server that can forget its connections the way a
 * NAT gateway or firewall does when it times out an idle flow: the server's side is closed, and
 * the client, which was told nothing, gets a reset the next time it sends. Only a connection
 * check before use (pre-ping) saves the query that comes next.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection silently; new connections are relayed as before. */
  forgetConnections(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; server: Socket }>();
  const proxy = createServer((client) => {
    const server = connect(target.port, target.host);
    const pair = { client, server };
    pairs.add(pair);
    client.on('data', (chunk) => server.write(chunk));
    server.on('data', (chunk) => client.write(chunk));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    forgetConnections() {
      for (const { client, server } of pairs) {
        // The server learns the client is gone; the client is left to find out for itself.
        server
          .removeAllListeners('close')
          .removeAllListeners('error')
          .on('error', () => undefined);
        server.destroy();
        client.removeAllListeners('data').on('data', () => client.resetAndDestroy());
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const { client, server } of pairs) {
          client.destroy();
          server.destroy();
        }
        proxy.close(() => resolve());
      }),
  };
}
