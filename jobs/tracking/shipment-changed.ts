import type { Tx } from '../../db/database.ts';
import type { Shipment } from '../../db/schema.ts';
import type { JobContext } from '../job.ts';
import { evaluateShipment } from '../rules/evaluate.ts';
import { recordShopifyWriteBack } from '../shopify/write-back.ts';
import type { TrackingStatus } from './tracker-snapshot.ts';

// What the tracking engine reports after it stored news about a shipment.
export interface ShipmentChange {
  shipment: Shipment;
  previousStatus: TrackingStatus;
  statusChanged: boolean;
  newEvents: number;
  source: 'poll' | 'webhook';
  now: Date;
}

export type ChangeContext = Pick<JobContext, 'config' | 'logger' | 'queue'>;

// A handler looks at a change inside the transaction that stored it, and records what follows (an
// episode, a notification, a job) in that same transaction, so nothing is lost or done twice.
export type ShipmentChangeHandler = (trx: Tx, change: ShipmentChange, context: ChangeContext) => Promise<void>;

// Run in order after every change of a shipment's tracking state: the detection rules plug in here.
export const shipmentChangeHandlers: ShipmentChangeHandler[] = [
  (trx, { shipment, now }, context) => evaluateShipment(trx, shipment, now, context),
  recordShopifyWriteBack,
];

export async function onShipmentChanged(trx: Tx, change: ShipmentChange, context: ChangeContext): Promise<void> {
  for (const handler of shipmentChangeHandlers) await handler(trx, change, context);
}
