import type { Config } from '../../core/config.ts';
import type { CheckLine, ConnectContext, Report } from './check.ts';
import { missingCredentials, isDemo } from '../demo/demo.ts';
import { databaseRoleCheck } from './database.check.ts';
import { easyPostChecks } from './easypost.checks.ts';
import { shopifyChecks } from './shopify.checks.ts';
import { smtpCheck } from './smtp.check.ts';

// `npm run cli -- connect`: checks everything a real shop needs, makes sure both providers send their
// webhooks here, and says for each failure how to fix it. A line per check: ✔ holds, ✘ must be fixed
// (the command then exits non-zero), ! works but deserves a look.

export async function connect(ctx: ConnectContext, report: Report): Promise<boolean> {
  let failed = false;
  const say: Report = (line) => {
    if (line.status === 'fail') failed = true;
    report(line);
  };
  const { config } = ctx;
  if (isDemo(config)) {
    say({ status: 'fail', text: 'No shop is configured (this is the demo)', fix: 'set SHOPIFY_SHOP, SHOPIFY_CLIENT_ID, SHOPIFY_CLIENT_SECRET and EASYPOST_API_KEY (see "Connect your shop" in the README)' });
    return false;
  }
  const missing = missingCredentials(config);
  if (missing.length > 0) say({ status: 'fail', text: `Configuration incomplete: ${missing.join(', ')} not set`, fix: 'set them in .env or the environment' });
  publicUrlChecks(config, say);
  await databaseRoleCheck(ctx, say);
  if (config.SHOPIFY_SHOP) await shopifyChecks(ctx, say);
  if (config.EASYPOST_API_KEY) await easyPostChecks(ctx, say);
  await smtpCheck(config, say);
  return !failed;
}

function publicUrlChecks(config: Config, say: Report): void {
  const url = new URL(config.PUBLIC_URL);
  if (url.protocol !== 'https:') {
    say({ status: 'warn', text: `PUBLIC_URL ${config.PUBLIC_URL} is not https: Shopify refuses webhooks to it, and shoppers' links travel in the clear`, fix: 'serve the service behind https and set PUBLIC_URL to that address' });
  } else if (['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    say({ status: 'warn', text: `PUBLIC_URL ${config.PUBLIC_URL} is this machine: providers and shoppers cannot reach it`, fix: 'set PUBLIC_URL to the public https address' });
  } else {
    say({ status: 'ok', text: `PUBLIC_URL ${config.PUBLIC_URL}` });
  }
  if (config.NODE_ENV !== 'production') {
    say({ status: 'warn', text: `NODE_ENV is ${config.NODE_ENV ?? 'not set'}, not production`, fix: 'set NODE_ENV=production on a server' });
  }
}

export function formatLine(line: CheckLine): string {
  const mark = { ok: '✔', fail: '✘', warn: '!' }[line.status];
  return `${mark} ${line.text}${line.fix ? `\n    fix: ${line.fix}` : ''}`;
}
