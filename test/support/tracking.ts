import { manualClock } from '../../sandbox/carrier/clock.ts';
import { startSandboxCarrier, type SandboxCarrier, type SandboxCarrierOptions } from '../../sandbox/carrier/server.ts';
import { EasyPostTracking } from '../../domain/tracking/easypost.adapter.ts';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../core/config.ts';

export const SANDBOX_KEY = 'EZTK_sandbox_test_key';

// The sandbox carrier on a manual clock that starts at the real now, and the real client pointed at it.
export async function startCarrier(options: SandboxCarrierOptions = {}): Promise<SandboxCarrier> {
  return startSandboxCarrier({ apiKey: SANDBOX_KEY, clock: manualClock(new Date()), listRateLimit: false, ...options });
}

export function carrierEnv(carrier: SandboxCarrier, extra: Record<string, string> = {}): Record<string, string> {
  return { EASYPOST_API_KEY: SANDBOX_KEY, EASYPOST_BASE_URL: carrier.baseUrl, EASYPOST_MAX_RPS: '5000', EASYPOST_TIMEOUT_MS: '2000', ...extra };
}

export function trackingApi(config: Config): EasyPostTracking {
  return new EasyPostTracking(config);
}

// Makes a shipment due now (as if its check time had come) and returns that due time.
export async function makeDue(db: Db, shipmentId: string, at = new Date()): Promise<Date> {
  const due = new Date(Math.floor(at.getTime() / 1000) * 1000);
  await db.updateTable('shipments').set({ next_check_at: due, check_leased_until: null }).where('id', '=', shipmentId).execute();
  return due;
}
