/**
 * SIGINT and SIGTERM as requests to stop, for `npm start`'s own process. Under npm one Ctrl-C
 * arrives twice: the terminal sends SIGINT to every process of the foreground group, and npm relays
 * the SIGINT it got to its script's process as well (it relays SIGINT and SIGTERM). The same signal
 * again within `ECHO_MS` is taken as that echo, not as a second request.
 */

/** How long after a signal the same signal counts as its echo. */
export const ECHO_MS = 1_000;

/**
 * Calls `onStop` for each request: `again` is true for a signal that came after an earlier request
 * and is not its echo (a person pressing Ctrl-C a second time, a service manager insisting).
 */
export function onStopSignals(onStop: (signal: NodeJS.Signals, again: boolean) => void): void {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const handle = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (first && first.signal === signal && now - first.at < ECHO_MS) return;
    const again = first !== undefined;
    first ??= { signal, at: now };
    onStop(signal, again);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
