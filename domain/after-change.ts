import type { Tx } from '../db/database.ts';
import { evaluateShipment } from './detection/evaluate.ts';
import { recordShopifyWriteBack } from './shopify/write-back.ts';
import { recordLearnedEstimate } from './tracking/learned-estimate.ts';
import type { ChangeContext, ShipmentChange, ShipmentChangeHandler } from './tracking/shipment-change.ts';

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
