import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createHttpServer } from '../../server/http-server.ts';
import { startApp } from '../support/app.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import type { TestServer } from '../support/http.ts';

// Slow and greedy clients against the server runtime/runtime.ts creates, with short limits.

interface Ended {
  seconds: number;
  answer: string;
}

// Opens a connection, writes `head`, then a byte of `trickle` every 200 ms until the server hangs up.
function trickle(port: number, head: string, drip: string): Promise<Ended> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setInterval(() => socket.writable && socket.write(drip), 200);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ seconds: (Date.now() - started) / 1000, answer });
    });
    socket.write(head);
  });
}

function opened(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

describe('the HTTP server’s limits on slow clients', function () {
  this.timeout(30_000);
  let ctx: TestContext;
  let app: TestServer & { app: Express };
  let server: Server;
  let port: number;

  before(async () => {
    ctx = await createTestContext({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_CONNECTIONS_PER_IP: '3' });
    app = await startApp(ctx);
    server = createHttpServer(app.app, ctx.config);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await app?.close();
    await ctx?.close();
  });

  it('cuts off a client trickling its headers after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const ended = await trickle(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n', 'X');
    expect(ended.answer).to.match(/^HTTP\/1\.1 408/);
    expect(ended.seconds).to.be.within(0.9, 2);
  });

  it('cuts off a client trickling its body after HTTP_REQUEST_TIMEOUT_MS', async () => {
    const head = 'POST /api/v1/lookup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    const ended = await trickle(port, head, ' ');
    expect(ended.answer).to.match(/^HTTP\/1\.1 408/);
    expect(ended.seconds).to.be.within(1.9, 3);
  });

  it('closes a client’s connections past HTTP_CONNECTIONS_PER_IP at once, and takes new ones as others close', async () => {
    const held = await Promise.all([opened(port), opened(port), opened(port)]);
    const extra = await opened(port);
    expect(await closedWithin(extra, 500)).to.equal(true);
    held[0].destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await opened(port);
    expect(await closedWithin(next, 300)).to.equal(false);
    for (const socket of [...held, next]) socket.destroy();
  });

  it('does not count the connections of a proxy TRUST_PROXY trusts', async () => {
    const config = { ...ctx.config, HTTP_CONNECTIONS_PER_IP: 1 };
    app.app.set('trust proxy', 'loopback');
    const behindProxy = createHttpServer(app.app, config);
    app.app.set('trust proxy', ctx.config.TRUST_PROXY);
    await new Promise<void>((resolve) => behindProxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (behindProxy.address() as AddressInfo).port;
    const sockets = await Promise.all([opened(proxyPort), opened(proxyPort), opened(proxyPort)]);
    expect(await closedWithin(sockets[2], 300)).to.equal(false);
    for (const socket of sockets) socket.destroy();
    behindProxy.closeAllConnections();
    await new Promise((resolve) => behindProxy.close(resolve));
  });
});
