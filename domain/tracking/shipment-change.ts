import type { Tx } from '../../db/database.ts';
import type { Shipment } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import type { TrackingStatus } from './tracker-snapshot.ts';

// The shapes of a shipment change, apart from the list of handlers (domain/after-change.ts), so a handler
// can name them without importing the list it is part of.

// What the tracking engine reports after it stored news about a shipment.
export interface ShipmentChange {
  shipment: Shipment;
  previousStatus: TrackingStatus;
  statusChanged: boolean;
  newEvents: number;
  source: 'poll' | 'webhook';
  now: Date;
}

export type ChangeContext = Pick<DomainContext, 'config' | 'logger' | 'queue'>;

// A handler looks at a change inside the transaction that stored it, and records what follows (an
// episode, a notification, a job) in that same transaction, so nothing is lost or done twice.
export type ShipmentChangeHandler = (trx: Tx, change: ShipmentChange, context: ChangeContext) => Promise<void>;
