import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on 127.0.0.1 in a process of its own, for benchmarks: it accepts every message
// and prints one JSON line per message, {to, at, messageId, subject}, `at` being the moment it accepted the
// data (ms since the epoch). The first line is {url}. Stops on SIGTERM.

const server = new SMTPServer({
  logger: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  closeTimeout: 1000,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/, 1)[0];
      const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '';
      const subject = /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
      process.stdout.write(`${JSON.stringify({ to, at: Date.now(), messageId, subject })}\n`);
      callback();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `smtp://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
