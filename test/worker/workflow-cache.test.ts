import { describe, expect, it } from 'vitest';
import { cachedRunsFor } from '../../worker/workflow-cache';

describe('the workflow cache size', () => {
  it('keeps three quarters of the heap for cached runs at 4 MiB each', () => {
    expect(cachedRunsFor(4144)).toBe(777);
    expect(cachedRunsFor(16_384)).toBe(3072);
  });

  it('keeps at least ten runs on a tiny heap', () => {
    expect(cachedRunsFor(16)).toBe(10);
  });

  it('reads the heap limit of the process by default', () => {
    expect(cachedRunsFor()).toBeGreaterThanOrEqual(10);
  });
});
