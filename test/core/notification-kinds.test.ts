import { expect } from 'chai';
import { alertOf, isDelayed, isNotificationKind, isProactiveKind, isSupportAlert, labelOf, notificationKinds, storedAlertKind, type NotificationKind } from '../../core/notification-kinds.ts';
import { emailKinds, isProactive, isShopperFacing } from '../../emails/kinds.ts';

const kinds = Object.keys(notificationKinds) as NotificationKind[];
const withShopperEmail = kinds.flatMap((kind) => {
  const shopper = notificationKinds[kind].shopper;
  return shopper ? [{ kind, ...shopper }] : [];
});

describe('notification kinds', () => {
  it('names exactly the email templates there are', () => {
    const named = new Set([...withShopperEmail.map((e) => e.template), 'support_alert']);
    expect([...named].sort()).to.deep.equal([...emailKinds].sort());
  });

  it('writes the shopper with a template made for the shopper, and support with the alert', () => {
    for (const { kind, template } of withShopperEmail) expect(isShopperFacing(template), kind).to.equal(true);
    expect(isShopperFacing('support_alert')).to.equal(false);
  });

  it('treats a kind whose template carries an opt-out link as proactive, so an opt-out stops it', () => {
    for (const { kind, template } of withShopperEmail.filter((e) => isProactive(e.template))) expect(isProactiveKind(kind), `${kind} (${template})`).to.equal(true);
  });

  it('writes the delay email for the delayed kinds, and for no other', () => {
    const delayEmails = withShopperEmail.filter((e) => e.template === 'delayed').map((e) => e.kind);
    expect(delayEmails).to.deep.equal(kinds.filter(isDelayed));
    expect(kinds.filter(isDelayed)).to.deep.equal(['stalled', 'late', 'carrier_delay']);
  });

  it('reads every kind already stored in notifications.kind', () => {
    const shopperKinds = ['shipped', 'stalled', 'late', 'carrier_delay', 'never_scanned', 'action_needed', 'returning', 'delivered', 'follow_up', 'parcel_found'];
    const caseKinds = ['dispute_received', 'address_confirmation', 'dispute_resolved', 'lost_resolved'];
    for (const stored of [...shopperKinds, ...caseKinds]) {
      expect(isNotificationKind(stored) && notificationKinds[stored].shopper, stored).to.be.an('object');
      expect(isSupportAlert(stored), stored).to.equal(false);
    }
    const alerts = ['stalled', 'never_scanned', 'returning', 'exception', 'lost_or_damaged', 'tracking_error', 'dispute_opened', 'address_wrong', 'payment_dispute', 'presumed_lost'];
    for (const alert of alerts) expect(alertOf(`alert:${alert}`), alert).to.equal(alert);
  });

  it('stores an alert under its prefix, and knows any prefixed kind for an alert', () => {
    expect(storedAlertKind('payment_dispute')).to.equal('alert:payment_dispute');
    expect(isSupportAlert('alert:retired_kind')).to.equal(true);
    expect(alertOf('alert:retired_kind')).to.equal(undefined);
    expect(alertOf('alert:shipped')).to.equal(undefined);
    expect(alertOf('stalled')).to.equal(undefined);
  });

  it('takes a kind it does not know as proactive, and shows it by its stored name', () => {
    expect(isProactiveKind('retired_kind')).to.equal(true);
    expect(isProactiveKind('dispute_received')).to.equal(false);
    expect(labelOf('retired_kind')).to.equal('retired_kind');
    expect(labelOf('stalled')).to.equal('Stalled in transit');
  });
});
