import { expect } from 'chai';
import { consoleTime } from '../../../core/time/console-time.ts';

describe('console time', () => {
  it('writes a moment in the shop’s zone with the zone’s short name', () => {
    expect(consoleTime('America/Los_Angeles').text(new Date('2026-12-08T17:48:00Z'))).to.equal('8 Dec 2026, 09:48 PST');
    expect(consoleTime('Europe/Copenhagen').text(new Date('2026-12-08T17:48:00Z'))).to.equal('8 Dec 2026, 18:48 CET');
    expect(consoleTime('UTC').text(new Date('2026-12-08T17:48:00Z'))).to.equal('8 Dec 2026, 17:48 UTC');
  });

  it('follows Los Angeles across its change to summer time and back', () => {
    const time = consoleTime('America/Los_Angeles');
    expect(time.text(new Date('2026-03-08T09:30:00Z'))).to.equal('8 Mar 2026, 01:30 PST');
    expect(time.text(new Date('2026-03-08T10:30:00Z'))).to.equal('8 Mar 2026, 03:30 PDT');
    // 01:30 happens twice on 1 November: only the zone's name tells them apart.
    expect(time.text(new Date('2026-11-01T08:30:00Z'))).to.equal('1 Nov 2026, 01:30 PDT');
    expect(time.text(new Date('2026-11-01T09:30:00Z'))).to.equal('1 Nov 2026, 01:30 PST');
  });

  it('follows Copenhagen across its change to summer time and back', () => {
    const time = consoleTime('Europe/Copenhagen');
    expect(time.text(new Date('2026-03-29T00:30:00Z'))).to.equal('29 Mar 2026, 01:30 CET');
    expect(time.text(new Date('2026-03-29T01:30:00Z'))).to.equal('29 Mar 2026, 03:30 CEST');
    expect(time.text(new Date('2026-10-25T00:30:00Z'))).to.equal('25 Oct 2026, 02:30 CEST');
    expect(time.text(new Date('2026-10-25T01:30:00Z'))).to.equal('25 Oct 2026, 02:30 CET');
  });

  it('names a zone by its offset when English has no abbreviation for it', () => {
    expect(consoleTime('Asia/Manila').text(new Date('2026-12-08T17:48:00Z'))).to.equal('9 Dec 2026, 01:48 GMT+8');
    expect(consoleTime('Australia/Sydney').text(new Date('2026-12-08T17:48:00Z'))).to.equal('9 Dec 2026, 04:48 AEDT');
  });

  it('stamps a <time> element with the exact moment beside the text, and nothing for no moment', () => {
    const time = consoleTime('Europe/Copenhagen');
    expect(time.stamp(new Date('2026-07-01T10:05:09Z'))).to.deep.equal({ at: '2026-07-01T10:05:09.000Z', text: '1 Jul 2026, 12:05 CEST' });
    expect(time.stamp('2026-07-01T10:05:09Z')).to.deep.equal({ at: '2026-07-01T10:05:09.000Z', text: '1 Jul 2026, 12:05 CEST' });
    expect(time.stamp(null)).to.equal(null);
    expect(time.text(undefined)).to.equal(null);
  });
});
