/** Runs `count` calls of `task` over `clients` concurrent loops; returns each call's result. */
export async function closedLoop<T>(clients: number, count: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const index = next++;
        if (index >= count) return;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

/** Waits until `done()` or the deadline; true when done. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/**
 * Starts `task(i)` for each i < `count` at `rate` per second, without waiting for earlier calls
 * (an open loop, like users who do not wait for each other), at most `maxInFlight` at once.
 */
export function paced<T>(rate: number, count: number, task: (index: number) => Promise<T>, maxInFlight = 256): Promise<T[]> {
  return pacedWhile(rate, (index) => index < count, task, maxInFlight);
}

/** The same as `paced`, for as long as `more(i)` says before each call. */
export async function pacedWhile<T>(rate: number, more: (index: number) => boolean, task: (index: number) => Promise<T>, maxInFlight = 256): Promise<T[]> {
  const began = performance.now();
  const calls: Promise<T>[] = [];
  let inFlight = 0;
  for (let i = 0; more(i); i++) {
    const wait = began + (i * 1_000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight >= maxInFlight) await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight++;
    calls.push(task(i).finally(() => inFlight--));
  }
  return Promise.all(calls);
}
