// Three rules, one email: a stalled parcel, a late one and one the carrier says is delayed are all
// "delayed" to the shopper. They share the delayed template, its setting (EMAIL_DELAYED) and the
// minimum gap between delay emails.
export const delayKinds = ['stalled', 'late', 'carrier_delay'];

export function isDelayKind(kind: string): boolean {
  return delayKinds.includes(kind);
}

// The email template a notification kind is written with. The good news after a stall's follow-up is
// the lost-parcel template's "found", as when a lost case closes by itself.
export function emailKindOfNotification(kind: string): string {
  if (kind === 'parcel_found') return 'lost_resolved';
  return isDelayKind(kind) ? 'delayed' : kind;
}
