import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { languages } from '../../core/language.ts';
import { emailKinds, type EmailKind } from '../../emails/kinds.ts';
import { assembleMessage, buildMessage, messageIdFor, type BuildMessageInput, type EmailMessage } from '../../emails/message.ts';
import { compileTemplates, composeEmail, fillTemplates, precompileAll } from '../../emails/render.ts';
import { sampleBranding, samplePropsFor } from '../../emails/samples.ts';
import { createMailer } from '../../emails/transport.ts';

// How many emails per second one process renders and hands to an SMTP server, mixing every kind and
// language, through the pooled transport: with templates compiled once (how the service runs), and
// naively with MJML (and Handlebars) compiled for every message. The SMTP sink, accepting everything,
// runs in a child process on 127.0.0.1 so that receiving does not eat the sender's CPU.
//
//   npm run bench:email [-- --count 2000 --concurrency 16]

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    sink: { type: 'boolean', default: false },
  },
});

// The child: an SMTP server that accepts everything and keeps nothing; prints its port, exits with stdin.
async function runSink(): Promise<void> {
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.server.address() as AddressInfo).port })}\n`);
  process.stdin.on('end', () => server.close(() => process.exit(0)));
  process.stdin.resume();
}

const publicUrl = 'https://track.whereabouts-bench.example';

function inputFor(index: number): BuildMessageInput {
  const kind: EmailKind = emailKinds[index % emailKinds.length];
  const language = languages[Math.floor(index / emailKinds.length) % languages.length];
  return {
    kind,
    locale: language,
    props: { ...samplePropsFor(kind, language), orderName: `#${10_000 + index}` },
    branding: sampleBranding,
    to: `shopper${index}@example.com`,
    messageId: messageIdFor(`bench-${index}`, publicUrl),
    settings: { publicUrl },
    unsubscribe: { url: `${publicUrl}/unsubscribe?token=${index}` },
  };
}

async function naiveMessage(input: BuildMessageInput): Promise<EmailMessage> {
  const templates = await compileTemplates(input.kind);
  return assembleMessage(input, fillTemplates(templates, composeEmail({ ...input, unsubscribeUrl: input.unsubscribe?.url })));
}

async function runBench(): Promise<void> {
  const count = Number(args.count);
  const concurrency = Number(args.concurrency);
  const batch = 200;
  const sink = spawn(process.execPath, [fileURLToPath(import.meta.url), '--sink'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { port } = JSON.parse((await createInterface({ input: sink.stdout! })[Symbol.asyncIterator]().next()).value) as { port: number };
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}` });

  async function run(build: (input: BuildMessageInput) => Promise<EmailMessage>, from: number, to: number): Promise<number> {
    let next = from;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let index = next++; index < to; index = next++) {
          const input = inputFor(index);
          await mailer.send(await build(input), { shopId: 'bench', kind: input.kind, locale: input.locale });
        }
      }),
    );
    return (performance.now() - started) / 1000;
  }

  try {
    await precompileAll();
    // Untimed warm-up of both ways (JIT, SMTP pool). Then the two take turns over the same batches of
    // messages, so that a busy machine slows both alike rather than whichever ran second.
    const warmUp = Math.min(200, Math.ceil(count / 10));
    await run(buildMessage, 0, warmUp);
    await run(naiveMessage, 0, warmUp);
    let seconds = 0;
    let naiveSeconds = 0;
    for (let from = 0; from < count; from += batch) {
      const to = Math.min(count, from + batch);
      seconds += await run(buildMessage, from, to);
      naiveSeconds += await run(naiveMessage, from, to);
    }
    const perSecond = count / seconds;
    const naivePerSecond = count / naiveSeconds;
    console.log(
      `bench:email count=${count} kinds=${emailKinds.length} languages=${languages.length} concurrency=${concurrency} ` +
        `seconds=${seconds.toFixed(2)} naive_seconds=${naiveSeconds.toFixed(2)}`,
    );
    console.log(`bench:email per_s=${perSecond.toFixed(0)} naive_per_s=${naivePerSecond.toFixed(0)} ratio=${(perSecond / naivePerSecond).toFixed(1)}`);
  } finally {
    mailer.close();
    sink.stdin!.end();
  }
}

await (args.sink ? runSink() : runBench());
