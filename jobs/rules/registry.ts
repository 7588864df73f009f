import type { Tx } from '../../db/database.ts';
import type { Shipment } from '../../db/schema.ts';
import type { JobContext } from '../job.ts';
import type { TrackingStatus } from '../tracking/tracker-snapshot.ts';

// What the tracking engine reports after it stored news about a shipment.
export interface ShipmentChange {
  shipment: Shipment;
  previousStatus: TrackingStatus;
  statusChanged: boolean;
  newEvents: number;
  source: 'poll' | 'webhook';
  now: Date;
}

// A detection rule looks at a change, inside the transaction that stored it, and records what follows
// (an episode, a notification row, a job) in that same transaction, so nothing is lost or done twice.
export type DetectionRule = (trx: Tx, change: ShipmentChange, context: Pick<JobContext, 'config' | 'logger' | 'queue'>) => Promise<void>;

// The detection rules, run in order after every change of a shipment's tracking state.
export const detectionRules: DetectionRule[] = [];

export async function runDetectionRules(trx: Tx, change: ShipmentChange, context: Pick<JobContext, 'config' | 'logger' | 'queue'>): Promise<void> {
  for (const rule of detectionRules) await rule(trx, change, context);
}
