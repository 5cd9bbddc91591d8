import { z } from 'zod';
import { isTimeZone } from '../lib/time-zone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]';
const RANGE = new RegExp(`^${TIME}-(${TIME}|24:00)$`);

/** Minutes since midnight of "HH:MM" ("24:00" is 1440). */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** "08:00-18:00": from the first time up to (not including) the second, on the same day. */
const RangeSchema = z
  .string()
  .regex(RANGE, 'is a range "HH:MM-HH:MM" (24-hour clock; "24:00" ends at midnight)')
  .refine((range) => {
    const [from, to] = range.split('-');
    return minutesOf(from!) < minutesOf(to!);
  }, 'ends after it starts (a range over midnight is two ranges: "22:00-24:00" and "00:00-06:00" the next day)');

/**
 * A profile's opening hours (system.md, "Availability, hours and fallback"). A day absent from
 * `weekly` is closed; holidays are closed all day, as dates in `timezone`. No `hours` at all: always open.
 */
export const HoursSchema = z
  .object({
    timezone: z.string().refine(isTimeZone, 'is an IANA time zone, e.g. "Europe/Berlin" or "UTC"'),
    weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(RangeSchema).max(10)),
    holidays: z.array(z.iso.date()).max(1_000).default([]),
  })
  .strict();
export type Hours = z.infer<typeof HoursSchema>;
