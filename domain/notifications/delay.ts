// Three rules, one email: a stalled parcel, a late one and one the carrier says is delayed are all
// "delayed" to the shopper. They share the delayed template, its setting (EMAIL_DELAYED) and the
// minimum gap between delay emails.
export const delayKinds = ['stalled', 'late', 'carrier_delay'];

export function isDelayKind(kind: string): boolean {
  return delayKinds.includes(kind);
}

// The email a notification kind is written with. Every case's resolution is the one case_resolved
// email (its two stored kinds predate it); so is the good news after a stall's follow-up, worded as a
// lost parcel found, as when a lost case closes by itself.
const caseResolvedKinds = ['dispute_resolved', 'lost_resolved', 'parcel_found'];

export function emailKindOfNotification(kind: string): string {
  if (caseResolvedKinds.includes(kind)) return 'case_resolved';
  return isDelayKind(kind) ? 'delayed' : kind;
}
