/**
 * A dependency that stalls: a TCP server on 127.0.0.1 that accepts every connection, reads what
 * arrives and never sends a byte. Spoken to over `http://` it is an endpoint that took the request
 * and never answers; over `https://` it is a TLS handshake that never completes (the ClientHello
 * is read, no ServerHello comes back). Tests point an AWS client or getappinfo at it to show that
 * every call ends on time.
 */

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

export interface StalledServer {
  /** `http://127.0.0.1:<port>`: a request is read and never answered. */
  readonly httpUrl: string;
  /** `https://127.0.0.1:<port>`: the TLS handshake never completes. */
  readonly httpsUrl: string;
  /** Connections accepted so far (a client that retries opens more). */
  connections(): number;
  /** Bytes received so far, over every connection. */
  bytesReceived(): number;
  close(): Promise<void>;
}

/** Starts a server that accepts and never answers. */
export async function startStalledServer(): Promise<StalledServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let received = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('data', (chunk) => {
      received += chunk.length;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    httpsUrl: `https://127.0.0.1:${port}`,
    connections: () => accepted,
    bytesReceived: () => received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
