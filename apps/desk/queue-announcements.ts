/**
 * When a waiting chat is told its place again. Every accept moves the place (and the median wait,
 * so the estimate) of every chat behind it; telling each of them every time costs a webhook call,
 * a workflow task and a bot message per chat per accept, which with thousands waiting grows with
 * the square of the queue. A user needs to hear that the place moved noticeably, and each step
 * near the front.
 */
export interface Standing {
  position: number | null;
  estimate: number | null;
}

/** Places at the front where every step is told. */
export const ALWAYS_TOLD_PLACES = 5;

/** The share of the last told figure a place or wait must move by before it is told again. */
export const NOTICEABLE_SHARE = 0.1;

/** A wait must also move by a minute: users are told minutes, not seconds. */
export const NOTICEABLE_WAIT_SECONDS = 60;

const movedNoticeably = (told: number, now: number, atLeast: number) => Math.abs(now - told) >= Math.max(atLeast, told * NOTICEABLE_SHARE);

export function worthTelling(told: Standing, now: Standing): boolean {
  if (told.position === null || now.position === null) return told.position !== now.position;
  if (now.position !== told.position && (now.position <= ALWAYS_TOLD_PLACES || movedNoticeably(told.position, now.position, 1))) return true;
  if (told.estimate === null || now.estimate === null) return told.estimate !== now.estimate;
  return movedNoticeably(told.estimate, now.estimate, NOTICEABLE_WAIT_SECONDS);
}
