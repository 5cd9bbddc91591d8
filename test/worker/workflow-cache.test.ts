import { describe, expect, it } from 'vitest';
import { cachedRunsFor, workflowTuning } from '../../worker/workflow-cache';

describe('the workflow cache size', () => {
  it('keeps three quarters of the heap for cached runs at 1 MiB each', () => {
    expect(cachedRunsFor(4144)).toBe(3108);
    expect(cachedRunsFor(16_384)).toBe(12_288);
  });

  it('keeps at least ten runs on a tiny heap', () => {
    expect(cachedRunsFor(8)).toBe(10);
  });

  it('reads the heap limit of the process by default', () => {
    expect(cachedRunsFor()).toBeGreaterThanOrEqual(10);
  });

  it('gives the worker its cache, task slots and sticky timeout together', () => {
    expect(workflowTuning(4144)).toEqual({
      maxCachedWorkflows: 3108,
      maxConcurrentWorkflowTaskExecutions: 16,
      stickyQueueScheduleToStartTimeout: '3s',
    });
  });
});
