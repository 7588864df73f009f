import { checkEasyPostKey, ensureEasyPostWebhook } from '../../domain/tracking/easypost-webhook.ts';
import type { ConnectContext, Report } from './check.ts';

// The EasyPost half of `connect`: the key works (and which mode it is in), and one webhook sends
// tracker events to $PUBLIC_URL/webhooks/easypost, signed with EASYPOST_WEBHOOK_SECRET.
export async function easyPostChecks({ config, db, shopId }: ConnectContext, say: Report): Promise<void> {
  try {
    const mode = await checkEasyPostKey(config);
    if (mode === 'production') say({ status: 'ok', text: 'EasyPost production key accepted' });
    else say({ status: 'warn', text: `EasyPost ${mode} key accepted: only EasyPost's test tracking codes can be followed`, fix: 'use the production key (EZAK…) from EasyPost › Account › API Keys' });
  } catch (error) {
    say({ status: 'fail', text: `EasyPost key refused: ${(error as Error).message}`, fix: 'set EASYPOST_API_KEY to a key from EasyPost › Account › API Keys' });
    return;
  }
  if (!config.EASYPOST_WEBHOOK_SECRET) {
    say({ status: 'fail', text: 'EASYPOST_WEBHOOK_SECRET not set: EasyPost webhooks would be refused', fix: 'set EASYPOST_WEBHOOK_SECRET to a long random string (openssl rand -hex 32) and run connect again' });
    return;
  }
  const url = `${config.PUBLIC_URL}/webhooks/easypost`;
  try {
    const result = await ensureEasyPostWebhook({ db, shopId, config }, { url, secret: config.EASYPOST_WEBHOOK_SECRET });
    const words = { created: 'made', 'secret-updated': 'given the current secret:', 're-enabled': 're-enabled:', unchanged: 'already there:' }[result.action];
    say({ status: 'ok', text: `EasyPost webhook ${words} ${url} (${result.mode})` });
  } catch (error) {
    say({ status: 'fail', text: `EasyPost webhook: ${(error as Error).message}`, fix: 'check EASYPOST_API_KEY and that PUBLIC_URL is an address EasyPost can reach' });
  }
}
