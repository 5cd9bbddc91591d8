/**
 * `run`, at most once per `delayMs`: a burst of changes (an accept is a status and a message)
 * becomes one call after the burst's first change.
 */
export function coalesced(run: () => void, delayMs: number): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      run();
    }, delayMs);
  };
}
