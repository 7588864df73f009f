import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { Config } from '../core/config.ts';

type Limits = Pick<Config, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'HTTP_CONNECTIONS_PER_IP'>;

// How often Node looks for connections past their headers or request timeout (at most each second,
// and four times per headers timeout). Its default (30 s) would let a slow client overstay each
// timeout by up to that much; a pass over the open connections costs next to nothing.
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

// The HTTP server, with limits on slow and greedy clients. Node's defaults hold a client that trickles
// its headers for a minute and its body for five, and take any number of connections from anyone:
// each one held is a socket and memory, so a few hundred slow clients would crowd out the shoppers.
export function createHttpServer(app: Express, limits: Limits): Server {
  const server = createServer(
    {
      headersTimeout: limits.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: limits.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, Math.ceil(limits.HTTP_HEADERS_TIMEOUT_MS / 4)),
    },
    app,
  );
  server.keepAliveTimeout = limits.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  if (limits.HTTP_CONNECTIONS_PER_IP > 0) capConnectionsPerAddress(server, limits.HTTP_CONNECTIONS_PER_IP, app.get('trust proxy fn') as TrustFn);
  return server;
}

type TrustFn = (address: string, hop: number) => boolean;

// A connection over the cap is closed at once, before a byte is read. A proxy that TRUST_PROXY trusts
// carries many clients' connections, so its own are not counted: the cap is for direct clients.
function capConnectionsPerAddress(server: Server, max: number, trusted: TrustFn): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || trusted(address, 0)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
