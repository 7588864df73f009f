import { expect } from 'chai';
import { destinationTimeZone } from '../../../core/time/destination-zone.ts';
import { shopperTime, timeAgo } from '../../../core/time/shopper-time.ts';

// 23:30 UTC on Thursday the 19th is already 00:30 on Friday the 20th in Copenhagen.
const lateInUtc = new Date('2026-11-19T23:30:00Z');

describe('shopper time', () => {
  it('writes a moment in the shopper’s language and the destination’s zone', () => {
    expect(shopperTime('en', 'Europe/Copenhagen').moment(lateInUtc)).to.equal('Nov 20, 2026, 12:30 AM');
    expect(shopperTime('da', 'Europe/Copenhagen').moment(lateInUtc)).to.equal('20. nov. 2026, 00.30');
    expect(shopperTime('fil', 'Europe/Copenhagen').moment(lateInUtc)).to.equal('Nob 20, 2026, 12:30 AM');
    expect(shopperTime('en', 'Europe/Copenhagen').fullMoment(lateInUtc)).to.equal('Friday, November 20, 2026 at 12:30 AM');
    expect(shopperTime('da', 'Europe/Copenhagen').fullMomentWithZone(lateInUtc)).to.equal('fredag den 20. november 2026 kl. 00.30 CET');
  });

  it('names the day a moment falls on there, and a carrier’s calendar day as it is', () => {
    expect(shopperTime('en', 'Europe/Copenhagen').day(lateInUtc)).to.equal('Friday, November 20, 2026');
    expect(shopperTime('en', 'UTC').day(lateInUtc)).to.equal('Thursday, November 19, 2026');
    expect(shopperTime('da', 'Europe/Copenhagen').day(lateInUtc)).to.equal('fredag den 20. november 2026');
    expect(shopperTime('fil', 'Asia/Manila').day(lateInUtc)).to.equal('Biyernes, Nobyembre 20, 2026');
    // A day is not a moment: a zone west of UTC does not pull it back to the 20th.
    expect(shopperTime('en', 'America/Los_Angeles').day('2026-11-21')).to.equal('Saturday, November 21, 2026');
  });

  it('names the day after the one the parcel was left on, where it was left', () => {
    expect(shopperTime('en', 'Europe/Copenhagen').dayAfter(lateInUtc)).to.equal('Saturday, November 21, 2026');
    expect(shopperTime('en', 'UTC').dayAfter(lateInUtc)).to.equal('Friday, November 20, 2026');
    expect(shopperTime('da', 'Europe/Copenhagen').dayAfter(lateInUtc)).to.equal('lørdag den 21. november 2026');
    expect(shopperTime('fil', 'Europe/Copenhagen').dayAfter(lateInUtc)).to.equal('Sabado, Nobyembre 21, 2026');
  });

  it('says how long ago in hours, then in days', () => {
    const hoursBefore = (hours: number) => new Date(lateInUtc.getTime() - hours * 3_600_000);
    expect(timeAgo(hoursBefore(5), lateInUtc, 'en')).to.equal('5 hours ago');
    expect(timeAgo(hoursBefore(5), lateInUtc, 'da')).to.equal('for 5 timer siden');
    expect(timeAgo(hoursBefore(72), lateInUtc, 'fil')).to.equal('3 araw ang nakalipas');
  });

  it('takes the zone from the shipping address, and UTC when the address names no known place', () => {
    expect(destinationTimeZone({ countryCodeV2: 'US', provinceCode: 'OR' })).to.equal('America/Los_Angeles');
    expect(destinationTimeZone({ countryCodeV2: 'DK' })).to.equal('Europe/Copenhagen');
    expect(destinationTimeZone(null)).to.equal('UTC');
  });
});
