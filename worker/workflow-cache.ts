import { getHeapStatistics } from 'node:v8';

/**
 * Heap a cached handoff run may hold in the workflow thread: 1.7 MiB idle (0.15 of it without the
 * OpenTelemetry workflow interceptors), about 4 with a long transcript after a busy chat
 * (bench/tuning-notes.md). The SDK's default cache (600 runs per GiB of heap, so 1.7 MiB a run)
 * filled the heap: the bench's worker died `ERR_WORKER_OUT_OF_MEMORY` with 1,000 runs cached.
 */
const MIB_PER_CACHED_RUN = 4;

/** A quarter of the heap stays for what is not a cached run (the bundle, activations, GC headroom). */
const HEAP_SHARE_FOR_RUNS = 0.75;

/** How many runs the worker keeps cached for a heap of `heapLimitMiB`; runs beyond it are evicted and replayed when their next task comes. */
export function cachedRunsFor(heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20): number {
  return Math.max(10, Math.floor((heapLimitMiB * HEAP_SHARE_FOR_RUNS) / MIB_PER_CACHED_RUN));
}
