import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { openJobQueue } from '../../../jobs/worker.ts';
import { createLookupCounter } from '../../../domain/lookup/lookup-counter.ts';
import { createApp } from '../../../server/app.ts';
import { parseConfig } from '../../../core/config.ts';
import { createLogger } from '../../../core/logger.ts';
import { createLookupLimits } from '../../../server/lookup/rate-limits.ts';
import { shopIdentity } from '../../../server/shop.ts';
import { ensureShop } from '../../../db/shops.repository.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createEmptyDatabase, testDatabaseKind } from '../../support/database.ts';
import { listen } from '../../support/http.ts';
import { projectRoot } from '../../support/process.ts';
import { ConsoleClient } from './console-client.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['runtime/cli.ts', ...args], { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe(`npm run cli -- user:create (${testDatabaseKind})`, function () {
  this.timeout(60_000);
  let dataDir: string;
  let database: DatabaseHandle | undefined;
  let env: Record<string, string>;

  // One database for the suite (every test uses its own emails): a fresh embedded one costs seconds.
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'whereabouts-user-cli-'));
    database = testDatabaseKind === 'postgres' ? await createEmptyDatabase() : undefined;
    env = { DATA_DIR: dataDir, ...(database?.kind === 'postgres' ? { DATABASE_URL: database.connectionString } : {}) };
    await cli(['migrate'], env);
  });
  after(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Serves the app on the CLI's database, as `npm start` would, and tries to sign in.
  async function signsIn(email: string, password: string): Promise<boolean> {
    const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    const handle = await openDatabase(config);
    await migrateToLatest(handle.db);
    const { domain, name } = shopIdentity(config);
    const shop = await ensureShop(handle.db, domain, name);
    const logger = createLogger(config);
    // Never started: signing in enqueues nothing.
    const queue = openJobQueue(handle, config, logger, { worker: false });
    const app = createApp({ config, db: handle.db, queue, logger, shopId: shop.id, secretKey: TEST_SECRET, lookupLimits: createLookupLimits(handle, config), lookupCounter: createLookupCounter(handle.db, shop.id, logger, 3_600_000), lifecycle: { shuttingDown: false } });
    const server = await listen(app);
    try {
      const res = await new ConsoleClient(server.url).submitLogin(email, password);
      return res.status === 303;
    } finally {
      await server.close();
      await handle.close();
    }
  }

  it('creates a user who can sign in, with the password given', async () => {
    const created = await cli(['user:create', '--email', 'Boss@Shop.example', '--role', 'admin', '--password', 'a long enough passphrase'], env);
    expect(created.code, created.out).to.equal(0);
    expect(created.out).to.include('created admin Boss@Shop.example');
    expect(created.out).not.to.include('a long enough passphrase');
    expect(await signsIn('boss@shop.example', 'a long enough passphrase')).to.equal(true);
  });

  it('takes the password from WHEREABOUTS_PASSWORD, or generates one and prints it once', async () => {
    const fromEnv = await cli(['user:create', '--email', 'env@shop.example'], { ...env, WHEREABOUTS_PASSWORD: 'from the environment 42' });
    expect(fromEnv.code, fromEnv.out).to.equal(0);
    expect(fromEnv.out).to.include('created agent env@shop.example').and.not.include('from the environment 42');

    const generated = await cli(['user:create', '--email', 'gen@shop.example', '--role', 'agent'], env);
    expect(generated.code, generated.out).to.equal(0);
    const password = /password \(shown once, store it now\): (\S+)/.exec(generated.out)?.[1];
    expect(password).to.have.length.of.at.least(20);
    expect(await signsIn('env@shop.example', 'from the environment 42')).to.equal(true);
    expect(await signsIn('gen@shop.example', password!)).to.equal(true);
  });

  it('refuses a duplicate email in any case, and exits non-zero', async () => {
    expect((await cli(['user:create', '--email', 'dup@shop.example', '--password', 'first password here'], env)).code).to.equal(0);
    const again = await cli(['user:create', '--email', 'DUP@shop.example', '--password', 'second password here'], env);
    expect(again.code).to.not.equal(0);
    expect(again.out).to.include('already exists');
    expect(await signsIn('dup@shop.example', 'first password here')).to.equal(true);
  });

  it('refuses a weak password, a bad email and an unknown role with a clear message', async () => {
    const weak = await cli(['user:create', '--email', 'weak@shop.example', '--password', 'short'], env);
    expect(weak.code).to.equal(2);
    expect(weak.out).to.match(/too weak: use at least 12 characters/);
    const weakEnv = await cli(['user:create', '--email', 'weak@shop.example'], { ...env, WHEREABOUTS_PASSWORD: 'aaaaaaaaaaaaaaa' });
    expect(weakEnv.code).to.equal(2);
    const badEmail = await cli(['user:create', '--email', 'not-an-email', '--password', 'a long enough passphrase'], env);
    expect(badEmail.code).to.equal(2);
    expect(badEmail.out).to.match(/--email/);
    const badRole = await cli(['user:create', '--email', 'x@shop.example', '--role', 'owner', '--password', 'a long enough passphrase'], env);
    expect(badRole.code).to.equal(2);
    expect(badRole.out).to.match(/--role: must be agent or admin/);
    expect(await signsIn('weak@shop.example', 'short')).to.equal(false);
  });
});
