import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { testDatabaseKind } from '../support/database.ts';
import { postmasterOf } from '../support/fault-load.ts';
import { createPostgresServer, NoPostgresUserError, type PostgresServer } from '../support/postgres-server.ts';
import { runPeak, type PeakOptions, type PeakResult } from '../bench/support/peak-run.ts';
import type { Outcome } from '../bench/support/open-loop.ts';

// The database killed with SIGKILL in the middle of real work: Shopify and EasyPost webhooks, shoppers'
// lookups and the emails they cause, on the service as it runs in production (bench:peak's load, small).
// No process dies; webhooks and lookups are answered again within seconds of the database's return;
// every webhook that was acknowledged is applied, every email it calls for arrives, and the extra
// copies stay within the bound docs/operations.md gives (one email in flight per worker process per
// fault, with EMAIL_SEND_CONCURRENCY at its default of 1). A webhook refused while the database was
// down is not lost: its sender retries it (both providers retry any answer but 2xx).

const load: Omit<PeakOptions, 'fault' | 'serverUrl'> = {
  shipments: 2000,
  seconds: 24,
  fulfillmentsPerSecond: 2,
  updatesPerSecond: 6,
  lookupsPerSecond: 6,
  drainLimitS: 240,
};
const FAULT_AT_S = 8;

const answeredAt = (o: Outcome) => o.scheduledAt + o.latencyMs;
const firstOkAfter = (outcomes: Outcome[], since: number, ok: (o: Outcome) => boolean) =>
  outcomes.filter((o) => o.scheduledAt > since && ok(o)).map(answeredAt).sort((a, b) => a - b)[0];
const accepted = (o: Outcome) => o.status === 200 && o.answer === 'accepted';
const answered = (o: Outcome) => o.status > 0 && o.status < 500;

function report(run: PeakResult, since: number, label: string) {
  const webhooks = [...run.fulfilled, ...run.updates];
  const refused = webhooks.filter((o) => !accepted(o) && o.answer !== 'duplicate').length;
  const lookupBack = firstOkAfter(run.lookups, since, answered);
  const webhookBack = firstOkAfter(run.updates, since, accepted);
  console.log(
    `      ${label}: a lookup answered ${lookupBack - since} ms and a webhook accepted ${webhookBack - since} ms after; ` +
      `${refused} of ${webhooks.length} webhooks refused meanwhile (retried by their senders); ` +
      `emails expected=${run.mail.expected} arrived=${run.mail.arrived} duplicates=${run.mail.duplicates}; lost=${run.lost.fulfillmentsLost + run.lost.updatesLost}; drained in ${run.drainS.toFixed(0)} s`,
  );
  return { lookupBack, webhookBack };
}

function expectNothingLost(run: PeakResult, workerProcesses: number) {
  expect(run.exitCodes, 'no service process died').to.deep.equal(run.servers.map(() => null));
  expect(run.drained, 'every job done and every expected email arrived').to.equal(true);
  expect(run.lost.fulfillmentsLost + run.lost.updatesLost, 'acknowledged webhooks not applied').to.equal(0);
  expect(run.mail.missing, 'emails that never came').to.equal(0);
  expect(run.mail.unexpected, 'emails nobody caused').to.equal(0);
  expect(run.mail.duplicates, 'extra copies: at most one email in flight per worker process').to.be.at.most(workerProcesses);
  expect(run.lost.updatesAccepted, 'the load reached the service before and after the fault').to.be.above(load.updatesPerSecond * load.seconds * 0.5);
}

describe('the service under load when its embedded database is killed', function () {
  this.timeout(420_000);
  if (testDatabaseKind !== 'embedded' || !existsSync('/proc/self/task')) return;

  it('restarts the server, answers again within seconds, and loses no webhook or email', async () => {
    let killedAt = 0;
    const run = await runPeak({
      ...load,
      logLevel: 'info',
      fault: {
        atS: FAULT_AT_S,
        run: async ([service]) => {
          const postmaster = postmasterOf(service.child.pid!);
          expect(postmaster, 'the postmaster').to.be.a('number');
          killedAt = Date.now();
          process.kill(postmaster!, 'SIGKILL');
        },
      },
    });
    const { lookupBack, webhookBack } = report(run, killedAt, 'embedded server killed');
    expectNothingLost(run, 1);
    expect(lookupBack - killedAt).to.be.below(20_000);
    expect(webhookBack - killedAt).to.be.below(20_000);
    const log = run.serverLogs[0].join('\n');
    expect(log.match(/embedded PostgreSQL exited/g), log.slice(-3000)).not.to.equal(null);
    expect(log.match(/embedded PostgreSQL exited \(signal SIGKILL\); restarting/g), 'said once').to.have.length(1);
    expect(log).to.match(/embedded PostgreSQL restarted after \d+ ms/);
  });
});

describe('web and worker processes under load when their PostgreSQL server is killed', function () {
  this.timeout(420_000);
  if (testDatabaseKind !== 'postgres') return;

  let server: PostgresServer;
  before(async function () {
    try {
      server = await createPostgresServer();
    } catch (error) {
      if (error instanceof NoPostgresUserError) this.skip();
      throw error;
    }
  });
  after(async () => server?.close());

  it('reconnects when the server is back 3 s later, and loses no webhook or email', async () => {
    let backAt = 0;
    const run = await runPeak({
      ...load,
      serverUrl: server.url,
      fault: {
        atS: FAULT_AT_S,
        run: async () => {
          server.kill();
          await new Promise((resolve) => setTimeout(resolve, 3000));
          await server.start();
          backAt = Date.now();
        },
      },
    });
    const { lookupBack, webhookBack } = report(run, backAt, 'PostgreSQL killed, back 3 s later');
    expectNothingLost(run, 2);
    expect(lookupBack - backAt).to.be.below(10_000);
    expect(webhookBack - backAt).to.be.below(10_000);
  });
});
