import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { logLine } from '../../worker/log-line';

const at = BigInt(Date.UTC(2026, 10, 30, 8, 0, 0)) * 1_000_000n;

describe('the worker log line', () => {
  it('shows a retried activity failure as its reason and attempt on one line, without a stack', () => {
    const error = new Error('bot callback answered 503');
    const line = logLine({
      level: 'WARN',
      message: 'Activity failed',
      timestampNanos: at,
      meta: { activityType: 'deliverToBot', attempt: 3, error, durationMs: 12 },
    });
    expect(line).toBe(
      '2026-11-30T08:00:00.000Z [WARN] Activity failed activityType="deliverToBot" attempt=3 error="Error: bot callback answered 503" durationMs=12',
    );
    expect(line).not.toContain('\n');
    expect(error.stack).toContain('    at ');
  });

  it('names the cause of a wrapped failure', () => {
    const error = new Error('bot callback unreachable: fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(logLine({ level: 'WARN', message: 'Activity failed', timestampNanos: at, meta: { error } })).toContain(
      'error="Error: bot callback unreachable: fetch failed (cause: connect ECONNREFUSED 127.0.0.1:9)"',
    );
  });

  it('keeps the stack of an unexpected error', () => {
    const error = ApplicationFailure.nonRetryable('broken');
    const line = logLine({ level: 'ERROR', message: 'Workflow task failed', timestampNanos: at, meta: { error } });
    expect(line.split('\n')[0]).toBe('2026-11-30T08:00:00.000Z [ERROR] Workflow task failed error="ApplicationFailure: broken"');
    expect(line).toContain('    at ');
  });
});
