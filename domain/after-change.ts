import type { Tx } from '../db/database.ts';
import type { Shipment } from '../db/schema.ts';
import { actOnDetection } from './after-detection.ts';
import { detectIssues } from './detection/detect.ts';
import { recordShopifyWriteBack } from './shopify/write-back.ts';
import { recordLearnedEstimate } from './tracking/learned-estimate.ts';
import type { ChangeContext, ShipmentChange, ShipmentChangeHandler } from './tracking/shipment-change.ts';

// Detection decides, then what follows its decisions is done, in the caller's transaction. Run after
// every tracking change, and by the sweep for the rules that time alone makes true.
export async function evaluateShipment(trx: Tx, shipment: Shipment, now: Date, ctx: ChangeContext): Promise<void> {
  if (shipment.retired_at) return;
  const detection = await detectIssues(trx, shipment, now, ctx.config, ctx.logger);
  await actOnDetection(trx, shipment, detection, now, ctx);
}

// Run in order after every change of a shipment's tracking state: the detection rules plug in here.
// The learned estimate comes first: lateness may be judged by it.
export const shipmentChangeHandlers: ShipmentChangeHandler[] = [
  recordLearnedEstimate,
  (trx, { shipment, now }, context) => evaluateShipment(trx, shipment, now, context),
  recordShopifyWriteBack,
];

export async function onShipmentChanged(trx: Tx, change: ShipmentChange, context: ChangeContext): Promise<void> {
  for (const handler of shipmentChangeHandlers) await handler(trx, change, context);
}
