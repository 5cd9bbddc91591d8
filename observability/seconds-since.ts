/** Seconds from an ISO time to `now` (a clock ahead of ours counts as 0); 0 for a time that cannot be read. */
export function secondsSince(at: string, now: number): number {
  const then = Date.parse(at);
  return Number.isNaN(then) ? 0 : Math.max(0, now - then) / 1_000;
}
