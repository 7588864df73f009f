import { expect } from 'chai';
import { displayableTrackingNumber, normalizeTrackingNumber } from '../../../domain/shopify/tracking-numbers.ts';
import { readFixture } from '../../support/fixtures.ts';

describe('tracking number normalisation', () => {
  it('keeps carrier codes as they are', () => {
    expect(normalizeTrackingNumber('1Z001985YW99744790')).to.deep.equal({ ok: true, code: '1Z001985YW99744790' });
  });

  it('upper-cases and removes spaces, dashes and line breaks', () => {
    expect(normalizeTrackingNumber(' 1z 0019-85yw\n9974 4790 ')).to.deep.equal({ ok: true, code: '1Z001985YW99744790' });
    expect(normalizeTrackingNumber('9400\u00a01001\u200b0580')).to.deep.equal({ ok: true, code: '940010010580' });
  });

  it('refuses the recorded garbage tracking number', () => {
    const body = readFixture('shopify/rest_admin_2026-07_examples/fulfillments__GET_by_fulfillment_order__weird_tracking_number.json') as {
      fulfillments: Array<{ tracking_number: string }>;
    };
    const result = normalizeTrackingNumber(body.fulfillments[0].tracking_number);
    expect(result).to.include({ ok: false });
    expect(displayableTrackingNumber((result as { raw: string }).raw)).to.equal('#☠1☢ --- 4321');
  });

  it('refuses numbers too short or too long, and treats empty as none', () => {
    expect(normalizeTrackingNumber('12')).to.include({ ok: false });
    expect(normalizeTrackingNumber('9'.repeat(41))).to.include({ ok: false });
    expect(normalizeTrackingNumber('   ')).to.equal(null);
    expect(normalizeTrackingNumber(null)).to.equal(null);
  });
});
