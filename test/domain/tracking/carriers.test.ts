import { expect } from 'chai';
import { easypostCarrierFor, isCarrierMismatch } from '../../../domain/tracking/carriers.ts';

describe('carrier mapping', () => {
  const table: Array<[string | null, string | null]> = [
    ['UPS', 'UPS'],
    ['ups', 'UPS'],
    ['USPS', 'USPS'],
    ['United States Postal Service', 'USPS'],
    ['FedEx', 'FedEx'],
    ['Fedex Ground', 'FedEx'],
    ['DHL Express', 'DHLExpress'],
    ['DHL eCommerce', 'DHLEcommerceSolutions'],
    ['Canada Post', 'CanadaPost'],
    ['Royal Mail', 'RoyalMail'],
    ['PostNL', 'PostNL'],
    ['Australia Post', 'AustraliaPost'],
    ['  australia-post ', 'AustraliaPost'],
    ['Purolator', 'Purolator'],
    ['Bob’s Speedy Couriers', null],
    ['Other', null],
    ['', null],
    [null, null],
  ];
  for (const [shopify, easypost] of table) {
    it(`maps ${JSON.stringify(shopify)} to ${JSON.stringify(easypost)}`, () => {
      expect(easypostCarrierFor(shopify)).to.equal(easypost);
    });
  }

  it('flags a parcel tracked by another carrier than the declared one', () => {
    expect(isCarrierMismatch('UPS', 'USPS')).to.equal(true);
    expect(isCarrierMismatch('FedEx', 'DHLExpress')).to.equal(true);
  });

  it('does not flag carriers of one family, or an unknown declared carrier', () => {
    expect(isCarrierMismatch('UPS', 'UPSDAP')).to.equal(false);
    expect(isCarrierMismatch('FedEx', 'FedExSmartPost')).to.equal(false);
    expect(isCarrierMismatch(null, 'USPS')).to.equal(false);
    expect(isCarrierMismatch('USPS', null)).to.equal(false);
  });
});
