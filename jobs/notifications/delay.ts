// Two rules, one email: a stalled parcel and a late one are both "delayed" to the shopper. They share
// the delayed template, its setting (EMAIL_DELAYED) and the minimum gap between delay emails.
export const delayKinds = ['stalled', 'late'];

export function isDelayKind(kind: string): boolean {
  return delayKinds.includes(kind);
}

// The email template a notification kind is written with.
export function emailKindOfNotification(kind: string): string {
  return isDelayKind(kind) ? 'delayed' : kind;
}
