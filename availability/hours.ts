/**
 * Whether a profile's opening hours are open at a moment, and when they next open. Ranges are wall
 * time in the profile's zone: a moment is open when the zone's clock shows a time inside one of
 * that local day's ranges, so a change of daylight-saving time moves the hours with the clock.
 * Ranges that touch ("22:00-24:00" then "00:00-06:00" the next day, or "08:00-12:00" and
 * "12:00-18:00") are one stretch: the clock never leaves them, so no opening lies between them.
 */
import { minutesOf, WEEKDAYS, type Hours, type Weekday } from './hours-schema';

export interface Opening {
  open: boolean;
  /** When the hours next open (UTC ISO), while closed; absent when they never open within 400 days. */
  nextOpenAt?: string;
}

/** How far ahead the next opening is looked for. */
const SCAN_DAYS = 400;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** `open` for `now` (epoch ms) under `hours`; no hours at all means always open. */
export function openingAt(hours: Hours | undefined, now: number): Opening {
  if (hours === undefined) return { open: true };
  const holidays = new Set(hours.holidays);
  return openingBy(hours.timezone, (date) => (holidays.has(isoDate(date)) ? [] : weeklyRanges(hours, date)), now, SCAN_DAYS);
}

/**
 * `open` for `now` under hours given per local date (`YYYY-MM-DD` → [from, to) minutes since
 * local midnight, `to` at most 1440), as a platform answers them for a few days: a date absent is
 * closed, and nothing is known past the last date.
 */
export function openingOnDates(timezone: string, ranges: ReadonlyMap<string, readonly (readonly [number, number])[]>, now: number): Opening {
  const last = [...ranges.keys()].sort().at(-1);
  if (last === undefined) return { open: false };
  const today = wallClockAt(timezone, now).date;
  const days = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.UTC(today.year, today.month - 1, today.day)) / DAY_MS);
  const sorted = (date: LocalDate) => [...(ranges.get(isoDate(date)) ?? [])].sort((a, b) => a[0] - b[0]);
  return openingBy(timezone, sorted, now, Math.max(days, 0));
}

function openingBy(zone: string, rangesOn: (date: LocalDate) => readonly (readonly [number, number])[], now: number, scanDays: number): Opening {
  const clock = wallClockAt(zone, now);
  const minuteNow = clock.minutes;
  if (rangesOn(clock.date).some(([from, to]) => from <= minuteNow && minuteNow < to)) return { open: true };

  for (let offset = 0; offset <= scanDays; offset++) {
    const date = addDays(clock.date, offset);
    for (const [from] of rangesOn(date)) {
      if (offset === 0 && from <= minuteNow) continue;
      const at = instantsOf(zone, date, from).find((instant) => instant > now);
      if (at !== undefined) return { open: false, nextOpenAt: new Date(at).toISOString() };
    }
  }
  return { open: false };
}

/** A local calendar date. */
interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The day's weekly ranges as [from, to) minutes since local midnight, earliest first. */
function weeklyRanges(hours: Hours, date: LocalDate): [number, number][] {
  const ranges = hours.weekly[weekdayOf(date)] ?? [];
  return ranges
    .map((range): [number, number] => {
      const [from, to] = range.split('-');
      return [minutesOf(from!), minutesOf(to!)];
    })
    .sort((a, b) => a[0] - b[0]);
}

function weekdayOf(date: LocalDate): Weekday {
  // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7]!;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** What the zone's clock shows at `instant`: the local date and the minutes since local midnight (with fractions). */
function wallClockAt(zone: string, instant: number): { date: LocalDate; minutes: number } {
  const parts: Record<string, number> = {};
  for (const part of formatOf(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const seconds = parts.second! + (((instant % 1000) + 1000) % 1000) / 1000;
  return {
    date: { year: parts.year!, month: parts.month!, day: parts.day! },
    minutes: parts.hour! * 60 + parts.minute! + seconds / 60,
  };
}

/** The wall clock at `instant` read as if it were UTC: the instant plus the zone's offset then. */
function wallAsUtc(zone: string, instant: number): number {
  const { date, minutes } = wallClockAt(zone, instant);
  return Date.UTC(date.year, date.month - 1, date.day) + Math.round(minutes * MINUTE_MS);
}

/**
 * Every instant at which the zone's clock shows `minutes` on `date`, earliest first: one on most
 * days, two in the hour repeated when clocks go back. A time the clock skips (clocks go forward)
 * has none; it answers the moment the clock jumps past it, when the ranges' wall-time test first
 * holds.
 */
function instantsOf(zone: string, date: LocalDate, minutes: number): number[] {
  const target = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;
  const offsets = new Set([target - DAY_MS, target, target + DAY_MS].map((probe) => wallAsUtc(zone, probe) - probe));
  const found = [...offsets]
    .map((offset) => target - offset)
    .filter((instant) => wallAsUtc(zone, instant) === target)
    .sort((a, b) => a - b);
  if (found.length > 0) return [...new Set(found)];
  // In the gap: the clock reads below `target` before the jump and above it after; find the jump.
  let low = target - Math.max(...offsets);
  let high = target - Math.min(...offsets);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallAsUtc(zone, middle) < target) low = middle;
    else high = middle;
  }
  return [high];
}
