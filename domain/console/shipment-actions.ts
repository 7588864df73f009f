import { recordAudit } from '../../db/audit.repository.ts';
import type { Db } from '../../db/database.ts';
import { resumeTracking, stopTracking } from '../../db/console.repository.ts';
import { AppError } from '../../core/errors.ts';
import type { DomainContext } from '../context.ts';
import { resendNotification } from '../notifications/resend.ts';

// What support can do to a parcel from its page (stop or resume its tracking, send one of its emails
// again), each audited with the change it made.

type Actor = { userId: string; email: string };

export async function stopShipmentTracking(db: Db, shopId: string, shipmentId: string, actor: Actor, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const stopped = await stopTracking(trx, shopId, shipmentId, now);
    if (!stopped) throw new AppError('conflict', 'Tracking of this parcel is stopped already (or there is no such parcel).');
    await recordAudit(trx, { shopId, actorUserId: actor.userId, actor: actor.email, action: 'shipment.tracking_stopped', subjectKind: 'shipment', subjectId: shipmentId });
  });
}

// Only tracking stopped from the console comes back: a parcel retired for another reason stays retired.
export async function resumeShipmentTracking(db: Db, shopId: string, shipmentId: string, actor: Actor, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const resumed = await resumeTracking(trx, shopId, shipmentId, now);
    if (!resumed) throw new AppError('conflict', 'Only tracking stopped from the console can be resumed, and this parcel’s was not (or there is no such parcel).');
    await recordAudit(trx, { shopId, actorUserId: actor.userId, actor: actor.email, action: 'shipment.tracking_resumed', subjectKind: 'shipment', subjectId: shipmentId });
  });
}

// Support's "send again": the copy, its send job and its audit entry are written together or not at all.
export async function resendShipmentEmail({ db, shopId, config, queue }: Pick<DomainContext, 'db' | 'shopId' | 'config' | 'queue'>, notificationId: string, actor: Actor) {
  return db.transaction().execute((trx) => resendNotification(trx, { config, queue }, { shopId, notificationId, actor }));
}
