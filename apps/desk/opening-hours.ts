import type { Hours } from '../../availability/hours-schema';
import { openingAt } from '../../availability/hours';

/** A profile that queues on the desk, with its hours (profiles without `hours` are always open and not listed). */
export interface DeskOpeningHours {
  profile: string;
  queue: string;
  hours: Hours;
}

/** What the agents' page shows of each: open now, or when it opens (and the week, for its tooltip). */
export function openingHoursNow(openingHours: readonly DeskOpeningHours[], now = Date.now()) {
  return openingHours.map(({ profile, queue, hours }) => ({
    profile,
    queue,
    timezone: hours.timezone,
    weekly: hours.weekly,
    ...openingAt(hours, now),
  }));
}
