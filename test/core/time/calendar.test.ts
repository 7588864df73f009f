import { expect } from 'chai';
import { addDays, isCalendarDay, isTimeZone, localDay } from '../../../core/time/calendar.ts';

describe('calendar days', () => {
  it('names the day a moment falls on in the zone, not in UTC, near midnight', () => {
    const lateInUtc = new Date('2026-11-19T23:30:00Z');
    expect(localDay(lateInUtc, 'UTC')).to.equal('2026-11-19');
    expect(localDay(lateInUtc, 'Europe/Copenhagen')).to.equal('2026-11-20');
    expect(localDay(new Date('2026-11-20T07:59:00Z'), 'America/Los_Angeles')).to.equal('2026-11-19');
    expect(localDay(new Date('2026-11-20T08:00:00Z'), 'America/Los_Angeles')).to.equal('2026-11-20');
  });

  it('keeps the date in step on the night the clocks change', () => {
    // Copenhagen's midnight is 23:00 UTC before its change to summer time and 22:00 UTC after it.
    expect(localDay(new Date('2026-03-28T22:59:00Z'), 'Europe/Copenhagen')).to.equal('2026-03-28');
    expect(localDay(new Date('2026-03-28T23:00:00Z'), 'Europe/Copenhagen')).to.equal('2026-03-29');
    expect(localDay(new Date('2026-03-29T21:59:00Z'), 'Europe/Copenhagen')).to.equal('2026-03-29');
    expect(localDay(new Date('2026-03-29T22:00:00Z'), 'Europe/Copenhagen')).to.equal('2026-03-30');
  });

  it('counts days on the calendar, across month ends, leap days and clock changes', () => {
    expect(addDays('2026-03-28', 1)).to.equal('2026-03-29');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2028-02-28', 1)).to.equal('2028-02-29');
    expect(addDays('2026-11-30', -29)).to.equal('2026-11-01');
  });

  it('tells a calendar day from text that only looks like one', () => {
    expect(isCalendarDay('2026-11-29')).to.equal(true);
    expect(isCalendarDay('2028-02-29')).to.equal(true);
    expect(isCalendarDay('2027-02-29')).to.equal(false);
    expect(isCalendarDay('2027-02-30')).to.equal(false);
    expect(isCalendarDay('29.11.2026')).to.equal(false);
    expect(isCalendarDay('2026-11-29T00:00:00Z')).to.equal(false);
    // PostgreSQL has no year 0: a query with such a day fails.
    expect(isCalendarDay('0000-01-01')).to.equal(false);
    expect(isCalendarDay('0001-01-01')).to.equal(true);
  });

  it('knows the IANA zones and refuses the rest', () => {
    expect(isTimeZone('Europe/Copenhagen')).to.equal(true);
    expect(isTimeZone('UTC')).to.equal(true);
    expect(isTimeZone('')).to.equal(false);
    expect(isTimeZone('Mars/Olympus_Mons')).to.equal(false);
  });
});
