import { describe, expect, it } from 'vitest';
import { openingAt } from '../../availability/hours';
import { HoursSchema, type Hours } from '../../availability/hours-schema';

const at = (iso: string): number => Date.parse(iso);
const hours = (value: unknown): Hours => HoursSchema.parse(value);

const officeBerlin = hours({
  timezone: 'Europe/Berlin',
  weekly: { mon: ['08:00-18:00'], tue: ['08:00-18:00'], wed: ['08:00-18:00'], thu: ['08:00-18:00'], fri: ['08:00-18:00'] },
  holidays: ['2026-12-25'],
});

describe('openingAt', () => {
  it('is always open without hours', () => {
    expect(openingAt(undefined, at('2026-06-01T03:00:00Z'))).toEqual({ open: true });
  });

  it('is open inside a range and closed at its end, in the zone’s wall time', () => {
    // 2026-06-01 is a Monday; Berlin is UTC+2 in summer.
    expect(openingAt(officeBerlin, at('2026-06-01T06:00:00Z'))).toEqual({ open: true });
    expect(openingAt(officeBerlin, at('2026-06-01T15:59:59Z'))).toEqual({ open: true });
    expect(openingAt(officeBerlin, at('2026-06-01T16:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-02T06:00:00.000Z' });
    expect(openingAt(officeBerlin, at('2026-06-01T05:59:30Z'))).toEqual({ open: false, nextOpenAt: '2026-06-01T06:00:00.000Z' });
  });

  it('skips days without ranges: Friday evening opens on Monday', () => {
    expect(openingAt(officeBerlin, at('2026-06-05T17:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-08T06:00:00.000Z' });
    expect(openingAt(officeBerlin, at('2026-06-06T10:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-08T06:00:00.000Z' });
  });

  it('is closed all day on a holiday and opens on the next working day', () => {
    // 2026-12-25 is a Friday; Berlin is UTC+1 in winter.
    expect(openingAt(officeBerlin, at('2026-12-25T10:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-12-28T07:00:00.000Z' });
    expect(openingAt(officeBerlin, at('2026-12-24T18:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-12-28T07:00:00.000Z' });
  });

  it('reads holidays as dates in the zone, not in UTC', () => {
    const tokyo = hours({ timezone: 'Asia/Tokyo', weekly: { fri: ['00:00-24:00'], sat: ['00:00-24:00'] }, holidays: ['2026-12-25'] });
    // 2026-12-24T16:00Z is already Friday the 25th in Tokyo.
    expect(openingAt(tokyo, at('2026-12-24T16:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-12-25T15:00:00.000Z' });
  });

  it('counts "24:00" as the end of the day and joins ranges that touch across midnight', () => {
    const night = hours({ timezone: 'UTC', weekly: { mon: ['22:00-24:00'], tue: ['00:00-06:00'] } });
    expect(openingAt(night, at('2026-06-01T23:59:59.999Z'))).toEqual({ open: true });
    expect(openingAt(night, at('2026-06-02T00:00:00Z'))).toEqual({ open: true });
    expect(openingAt(night, at('2026-06-02T05:59:00Z'))).toEqual({ open: true });
    expect(openingAt(night, at('2026-06-02T06:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-08T22:00:00.000Z' });
    expect(openingAt(night, at('2026-06-01T21:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-01T22:00:00.000Z' });
  });

  it('opens at the start of a stretch, not where two touching ranges meet', () => {
    const split = hours({ timezone: 'UTC', weekly: { mon: ['12:00-18:00', '08:00-12:00'] } });
    expect(openingAt(split, at('2026-06-01T07:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-01T08:00:00.000Z' });
    expect(openingAt(split, at('2026-06-01T12:00:00Z'))).toEqual({ open: true });
  });

  it('never opens when no day has ranges', () => {
    expect(openingAt(hours({ timezone: 'Europe/Berlin', weekly: {} }), at('2026-06-01T10:00:00Z'))).toEqual({ open: false });
    expect(openingAt(hours({ timezone: 'UTC', weekly: { mon: [] } }), at('2026-06-01T10:00:00Z'))).toEqual({ open: false });
  });

  it('never opens when every day with ranges is a holiday within the 400 days it looks ahead', () => {
    const mondays = Array.from({ length: 60 }, (_, week) => new Date(Date.UTC(2026, 5, 1 + 7 * week)).toISOString().slice(0, 10));
    const allHolidays = hours({ timezone: 'UTC', weekly: { mon: ['08:00-09:00'] }, holidays: mondays });
    expect(openingAt(allHolidays, at('2026-06-01T08:30:00Z'))).toEqual({ open: false });
    const lastOneFree = hours({ timezone: 'UTC', weekly: { mon: ['08:00-09:00'] }, holidays: mondays.slice(0, 50) });
    expect(openingAt(lastOneFree, at('2026-06-01T08:30:00Z'))).toEqual({ open: false, nextOpenAt: '2027-05-17T08:00:00.000Z' });
  });

  describe('on days when the clocks change', () => {
    it('keeps Berlin hours on the wall clock across the spring change', () => {
      const sunday = hours({ timezone: 'Europe/Berlin', weekly: { sat: ['08:00-18:00'], sun: ['08:00-18:00'] } });
      // Saturday 28 March: UTC+1; Sunday 29 March: UTC+2 from 03:00 local.
      expect(openingAt(sunday, at('2026-03-28T17:30:00Z'))).toEqual({ open: false, nextOpenAt: '2026-03-29T06:00:00.000Z' });
      expect(openingAt(sunday, at('2026-03-29T06:00:00Z'))).toEqual({ open: true });
      expect(openingAt(sunday, at('2026-03-29T05:59:00Z')).open).toBe(false);
      expect(openingAt(sunday, at('2026-03-29T16:00:00Z')).open).toBe(false);
    });

    it('opens at the jump when a range starts in the skipped hour (Berlin)', () => {
      const early = hours({ timezone: 'Europe/Berlin', weekly: { sun: ['02:30-05:00'] } });
      // 02:00 CET becomes 03:00 CEST at 01:00Z; 02:30 never shows, the range holds from 03:00 local.
      expect(openingAt(early, at('2026-03-29T00:45:00Z'))).toEqual({ open: false, nextOpenAt: '2026-03-29T01:00:00.000Z' });
      expect(openingAt(early, at('2026-03-29T01:00:00Z'))).toEqual({ open: true });
    });

    it('keeps Berlin hours on the wall clock across the autumn change, opening at the first 02:30', () => {
      const early = hours({ timezone: 'Europe/Berlin', weekly: { sun: ['02:30-05:00'] } });
      // 03:00 CEST becomes 02:00 CET at 01:00Z; 02:30 shows twice (00:30Z and 01:30Z).
      expect(openingAt(early, at('2026-10-25T00:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-10-25T00:30:00.000Z' });
      expect(openingAt(early, at('2026-10-25T00:45:00Z'))).toEqual({ open: true });
      // 01:15Z is 02:15 CET, the second time round: closed again until 02:30 shows again.
      expect(openingAt(early, at('2026-10-25T01:15:00Z'))).toEqual({ open: false, nextOpenAt: '2026-10-25T01:30:00.000Z' });
      expect(openingAt(early, at('2026-10-25T03:59:00Z'))).toEqual({ open: true });
      expect(openingAt(early, at('2026-10-25T04:00:00Z')).open).toBe(false);
    });

    it('keeps New York hours on the wall clock across both changes', () => {
      const ny = hours({ timezone: 'America/New_York', weekly: { sun: ['09:00-17:00'], mon: ['01:00-03:00'] } });
      // Saturday 7 March (EST, UTC-5) → Sunday 8 March 09:00 EDT (UTC-4).
      expect(openingAt(ny, at('2026-03-07T20:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-03-08T13:00:00.000Z' });
      expect(openingAt(ny, at('2026-03-08T20:59:00Z'))).toEqual({ open: true });
      expect(openingAt(ny, at('2026-03-08T21:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-03-09T05:00:00.000Z' });
      // Saturday 31 October (EDT) → Sunday 1 November 09:00 EST (UTC-5).
      expect(openingAt(ny, at('2026-10-31T20:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-11-01T14:00:00.000Z' });
      expect(openingAt(ny, at('2026-11-01T13:30:00Z')).open).toBe(false);
      expect(openingAt(ny, at('2026-11-01T14:00:00Z'))).toEqual({ open: true });
    });

    it('opens at the jump in New York when a range starts in the skipped hour', () => {
      const ny = hours({ timezone: 'America/New_York', weekly: { sun: ['02:15-04:00'] } });
      // 02:00 EST becomes 03:00 EDT at 07:00Z.
      expect(openingAt(ny, at('2026-03-08T06:00:00Z'))).toEqual({ open: false, nextOpenAt: '2026-03-08T07:00:00.000Z' });
    });
  });
});
