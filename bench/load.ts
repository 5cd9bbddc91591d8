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
