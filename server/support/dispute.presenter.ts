import type { Dispute, RepeatFlag } from '../../db/schema.ts';
import type { DisputeViewInput } from '../../domain/cases/dispute-case.ts';
import type { EvidencePack } from '../../domain/cases/evidence.ts';
import { httpLink } from '../../core/text.ts';
import { placeText } from '../../core/place.ts';
import { consoleTime, type ConsoleTime } from '../../core/time/console-time.ts';
import { lostReasonLabels } from './queues.presenter.ts';
import { supportAddressLines } from './shipment.format.ts';

// A case as support reads it: facts first (for a not-received case, what the carrier recorded against
// where the parcel should have gone; for a presumed-lost parcel, its silence and the emails the
// shopper already had), then the customer's history, then what has been done. Times in the shop's zone,
// passed in.

const resolutionLabels: Record<string, string> = {
  found: 'Found',
  reshipped: 'Reshipped',
  refunded: 'Refunded',
  rejected: 'Rejected',
};

const matchedByLabels: Record<string, string> = { customer: 'customer', email: 'email', address: 'address' };


const lostResolutions = new Set(['found', 'reshipped', 'refunded']);

function silenceView(silence: EvidencePack['silence'], time: ConsoleTime) {
  if (!silence) return null;
  return {
    reason: silence.reason ? (lostReasonLabels[silence.reason] ?? silence.reason) : null,
    lastScan: time.text(silence.lastScanAt),
    place: placeText(silence.place, { postalCode: true }),
    message: silence.message,
    days: `${silence.daysSilent} day${silence.daysSilent === 1 ? '' : 's'}${silence.thresholdDays !== null ? ` (the threshold is ${silence.thresholdDays})` : ''}`,
  };
}

function resolvedBy(dispute: Dispute, names: Map<string, string>): string {
  if (dispute.resolved_by) return names.get(dispute.resolved_by) ?? 'a former user';
  // A lost case the parcel's own scans closed has no person and no note.
  return dispute.source === 'lost' && dispute.resolution === 'found' && dispute.resolution_note === null ? 'the tracking: the carrier scanned the parcel again' : 'a former user';
}

function repeatText(flag: RepeatFlag | null): string | null {
  if (!flag) return null;
  const parts = [
    flag.byCustomer >= flag.threshold ? `${flag.byCustomer} by this customer` : null,
    flag.byEmail >= flag.threshold ? `${flag.byEmail} by this email` : null,
    flag.byAddress >= flag.threshold ? `${flag.byAddress} to this address` : null,
  ].filter(Boolean);
  return `Repeat claim: ${parts.join(', ')} within ${flag.windowDays} days (this one included). Review it before deciding; nothing has been blocked.`;
}

function dueText(due: Date | null, now: Date, time: ConsoleTime): { text: string; urgent: boolean } | null {
  if (!due) return null;
  const hours = (due.getTime() - now.getTime()) / 3_600_000;
  const left = hours < 0 ? 'passed' : hours < 48 ? `${Math.max(0, Math.floor(hours))} hours left` : `${Math.floor(hours / 24)} days left`;
  return { text: `${time.text(due)} (${left})`, urgent: hours < 72 };
}

export function presentDispute({ dispute, order, names, emails, now, notes, replacement }: DisputeViewInput, timeZone: string) {
  const time = consoleTime(timeZone);
  const pack = dispute.evidence as EvidencePack | null;
  const delivery = pack?.delivery ?? null;
  const check = delivery?.postalCheck;
  const payment = dispute.source === 'payment';
  const lost = dispute.source === 'lost';
  return {
    id: dispute.id,
    open: dispute.state === 'open',
    lost,
    orderName: order.name,
    shipmentId: dispute.shipment_id,
    heading: `${lost ? 'Presumed lost' : payment ? 'Payment dispute' : 'Not received'}: order ${order.name}`,
    source: lost ? 'Presumed lost by the tracking rules' : payment ? 'Shopify Payments dispute' : 'Reported by the shopper',
    state: dispute.state === 'open' ? 'Open' : `Resolved: ${resolutionLabels[dispute.resolution ?? ''] ?? dispute.resolution}`,
    openedAt: time.text(dispute.opened_at),
    notDelivered: !lost && !dispute.delivered_when_opened,
    repeat: repeatText(dispute.repeat_flag),
    shopperNote: dispute.shopper_note,
    payment: payment
      ? {
          kind: dispute.payment_kind === 'INQUIRY' ? 'Inquiry' : dispute.payment_kind === 'CHARGEBACK' ? 'Chargeback' : dispute.payment_kind,
          status: dispute.payment_status,
          reason: dispute.payment_reason,
          amount: dispute.payment_amount ? `${dispute.payment_amount} ${dispute.payment_currency ?? ''}`.trim() : null,
          due: dueText(dispute.evidence_due_by, now, time),
          submittedAt: time.text(dispute.evidence_submitted_at),
          requestedAt: dispute.evidence_submitted_at ? null : time.text(dispute.evidence_submit_requested_at),
          error: dispute.evidence_submit_error,
          canSubmit: !dispute.evidence_submitted_at && (!dispute.evidence_submit_requested_at || Boolean(dispute.evidence_submit_error)),
        }
      : null,
    evidence: pack
      ? {
          assembledAt: time.text(pack.assembledAt),
          parcel: pack.parcel,
          trackingLink: httpLink(pack.parcel?.publicUrl) ?? httpLink(pack.parcel?.trackingUrl),
          delivery: delivery
            ? {
                at: time.text(delivery.deliveredAt),
                place: placeText(delivery.place, { postalCode: true }),
                message: delivery.message,
                signedBy: delivery.signedBy,
                initialAttempt: time.text(delivery.proof?.initialDeliveryAttempt ?? null),
                service: delivery.proof?.service ?? null,
                check: check
                  ? {
                      mismatch: check.result === 'mismatch',
                      text:
                        check.result === 'unknown'
                          ? 'Not comparable: the carrier recorded no postal code or city for the delivery.'
                          : `${check.result === 'match' ? 'Matches' : 'Does not match'} the order (${check.comparedBy === 'city' ? 'city' : 'postal code'}: delivery scan ${check.scan}, order ${check.order}).`,
                    }
                  : null,
              }
            : null,
          email: pack.order.email,
          customerId: pack.order.customerId,
          address: supportAddressLines(pack.order.shippingAddress),
          history: pack.previousCases.cases.map((c) => ({
            id: c.id,
            orderName: c.orderName,
            openedAt: time.text(c.openedAt),
            source: c.source === 'payment' ? 'Payment dispute' : c.source === 'lost' ? 'Presumed lost' : 'Shopper report',
            outcome: c.state === 'open' ? 'Open' : (resolutionLabels[c.resolution ?? ''] ?? c.resolution ?? c.state),
            matchedBy: c.matchedBy.map((m) => matchedByLabels[m]).join(', '),
          })),
          historyCounts: pack.previousCases,
          silence: silenceView(pack.silence, time),
          parcelEmails: pack.parcelEmails?.map((e) => ({ ...e, at: time.text(e.at) })) ?? null,
        }
      : null,
    address: {
      requestedAt: time.text(dispute.address_requested_at),
      answer: dispute.address_answer === 'confirmed' ? 'The shopper confirmed the address.' : dispute.address_answer === 'wrong' ? 'The shopper says the address was wrong.' : null,
      wrong: dispute.address_answer === 'wrong',
      correction: dispute.address_correction,
      answeredAt: time.text(dispute.address_answered_at),
      confirmedBySupport: dispute.address_confirmed_at
        ? `Confirmed with the customer by ${names.get(dispute.address_confirmed_by ?? '') ?? 'a former user'}, ${time.text(dispute.address_confirmed_at)}.`
        : null,
      canAsk: Boolean(order.email),
    },
    resolution: dispute.resolution
      ? {
          label: resolutionLabels[dispute.resolution] ?? dispute.resolution,
          note: dispute.resolution_note,
          by: resolvedBy(dispute, names),
          at: time.text(dispute.resolved_at),
          replacement: replacement ?? null,
        }
      : null,
    emails: emails.map((n) => ({
      id: n.id,
      kind: n.kind,
      recipient: n.recipient,
      state: n.suppressed_reason ? `${n.state} (${n.suppressed_reason})` : n.state,
      at: time.text(n.sent_at ?? n.created_at),
    })),
    resolutions: Object.entries(resolutionLabels)
      .filter(([value]) => !lost || lostResolutions.has(value))
      .map(([value, label]) => ({ value, label })),
    hasEmail: Boolean(order.email),
    notes: notes.map((n) => ({ body: n.body, author: n.author_email ?? 'a removed user', when: time.stamp(n.created_at) })),
  };
}
