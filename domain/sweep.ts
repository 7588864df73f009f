import { listCarrierThresholds, shipmentsToSweep } from '../db/detection.repository.ts';
import { lockShipment } from '../db/shipments.repository.ts';
import { trackingNow } from '../core/clock.ts';
import { evaluateShipment } from './after-change.ts';
import type { DomainContext } from './context.ts';
import { sweepCutoffs } from './detection/sweep-cutoffs.ts';

const BATCH = 200;

// Rules that become true with the passing of time (a stall, a never-scanned label, a passed estimate,
// a parcel silent long enough to be presumed lost, a stall's promised follow-up) have no tracking
// change to trigger them: the shipments that may now qualify are evaluated, one locked at a time.
export async function sweepDetection({ db, config, logger, queue, shopId }: Pick<DomainContext, 'db' | 'config' | 'logger' | 'queue' | 'shopId'>, now = trackingNow()): Promise<number> {
  const cutoffs = sweepCutoffs(config, await listCarrierThresholds(db, shopId), now);
  let after: string | null = null;
  let evaluated = 0;
  for (;;) {
    const ids = await shipmentsToSweep(db, shopId, cutoffs, after, BATCH);
    for (const id of ids) {
      await db.transaction().execute(async (trx) => {
        const shipment = await lockShipment(trx, id);
        if (shipment) await evaluateShipment(trx, shipment, now, { config, logger, queue });
      });
    }
    evaluated += ids.length;
    if (ids.length < BATCH) return evaluated;
    after = ids[ids.length - 1];
  }
}
