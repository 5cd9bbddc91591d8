/**
 * How a worker holds its runs: how many it keeps cached, how many workflow tasks it works on at
 * once, and how long a dead worker's sticky queue keeps a run's next task from the others.
 */
import type { WorkerOptions } from '@temporalio/worker';
import { getHeapStatistics } from 'node:v8';

/**
 * Heap a cached handoff run may hold: 0.3 MiB idle (tools/bench/RESULTS.md, memory), and a busy run keeps
 * at most 128 KiB of transcript text (256 KiB as JavaScript strings) before it hands its messages to
 * the archive and over to the next run (workflows/conversation.ts), so 1 MiB leaves room to spare.
 */
const MIB_PER_CACHED_RUN = 1;

/** A quarter of the heap stays for what is not a cached run (the bundle, activations, GC headroom). */
const HEAP_SHARE_FOR_RUNS = 0.75;

/** How many runs the worker keeps cached for a heap of `heapLimitMiB`; runs beyond it are evicted and replayed (one run's history, a few hundred events) when their next task comes. */
export function cachedRunsFor(heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20): number {
  return Math.max(10, Math.floor((heapLimitMiB * HEAP_SHARE_FOR_RUNS) / MIB_PER_CACHED_RUN));
}

/**
 * Workflow tasks in progress at once. The workflow code runs on one thread, so more only makes each
 * wait inside the worker while its timeout runs (a worker restarted under load took 40 at once and
 * timed them out, replaying each from scratch again); a task's local activity holds its slot, so a
 * few more than the cores keep the platforms' round trips overlapping.
 */
export const WORKFLOW_TASK_SLOTS = 16;

/** A dead worker's cached runs go to the others this soon (Temporal's default is 10 s, as long as the API waits for an answer). */
export const STICKY_SCHEDULE_TO_START = '3s';

export function workflowTuning(
  heapLimitMiB?: number,
): Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'stickyQueueScheduleToStartTimeout'> {
  return {
    maxCachedWorkflows: cachedRunsFor(heapLimitMiB),
    maxConcurrentWorkflowTaskExecutions: WORKFLOW_TASK_SLOTS,
    stickyQueueScheduleToStartTimeout: STICKY_SCHEDULE_TO_START,
  };
}
