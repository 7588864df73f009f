import { recordAudit } from '../../db/audit.repository.ts';
import { findShipmentWithOrder } from '../../db/console.repository.ts';
import { addSupportNote } from '../../db/support-notes.repository.ts';
import { AppError } from '../../core/errors.ts';
import type { DomainContext } from '../context.ts';

// The support user who writes the note.
type Actor = { userId: string; email: string };

// A note on a parcel's order, for the whole team: every case and parcel of the order shows it. The
// audit entry names the parcel it was written from.
export async function addShipmentNote({ db, shopId }: Pick<DomainContext, 'db' | 'shopId'>, shipmentId: string, actor: Actor, body: string) {
  return db.transaction().execute(async (trx) => {
    const found = await findShipmentWithOrder(trx, shopId, shipmentId);
    if (!found) throw new AppError('not_found', 'There is no such shipment.');
    const note = await addSupportNote(trx, { shopId, orderId: found.order.id, shipmentId, authorId: actor.userId, body });
    await recordAudit(trx, {
      shopId,
      actorUserId: actor.userId,
      actor: actor.email,
      action: 'note.added',
      subjectKind: 'shipment',
      subjectId: shipmentId,
      details: { noteId: note.id, order: found.order.name },
    });
    return note;
  });
}
