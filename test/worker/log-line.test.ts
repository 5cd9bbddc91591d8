import { ApplicationFailure } from '@temporalio/common';
import { LogTimestamp } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger';
import { PinoTemporalLogger } from '../../worker/log-line';
import { captureLogs } from '../support/log-lines';

const HANDOFF_ID = 'handoff/default/conv-42';

/** What the SDK's activity logger adds to every entry of an activity (worker/lib/activity.js). */
const ACTIVITY_META = {
  sdkComponent: 'worker',
  isLocal: false,
  attempt: 3,
  namespace: 'default',
  taskToken: 'Q2lRMFl6VmhaamRq',
  activityId: '7',
  activityType: 'deliverToBot',
  taskQueue: 'handoff',
  workflowId: HANDOFF_ID,
  workflowRunId: 'run-1',
  workflowType: 'handoffWorkflow',
};

function sdkLogger(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO') {
  const logs = captureLogs();
  const logger = new PinoTemporalLogger(createLogger({ process: 'worker', level, format: 'json', destination: logs.destination }), {
    platformOfProfile: (profile) => (profile === 'default' ? 'local-desk' : undefined),
  });
  return { logger, logs };
}

describe("the Temporal SDK's log in pino", () => {
  it('logs a retried activity failure as one WARN line with its reason and attempt, without a stack', () => {
    const { logger, logs } = sdkLogger();
    const error = new Error('bot callback answered 503');
    logger.warn('Activity failed', { ...ACTIVITY_META, error, durationMs: 12, [LogTimestamp]: 1n });

    expect(logs.text().split('\n').filter(Boolean)).toHaveLength(1);
    const [line] = logs.lines();
    expect(line).toMatchObject({
      level: 'warn',
      process: 'worker',
      msg: 'Activity failed',
      reason: 'Error: bot callback answered 503',
      errorType: 'Error',
      attempt: 3,
      activityType: 'deliverToBot',
      handoffId: HANDOFF_ID,
      workflowId: HANDOFF_ID,
      runId: 'run-1',
      platform: 'local-desk',
      durationMs: 12,
    });
    expect(line).not.toHaveProperty('stack');
    expect(line).not.toHaveProperty('taskToken');
    expect(line).not.toHaveProperty('workflowRunId');
    expect(logs.text()).not.toContain('    at ');
    expect(error.stack).toContain('    at ');
  });

  it('names the cause of a wrapped failure, and the type of an application failure', () => {
    const { logger, logs } = sdkLogger();
    logger.warn('Activity failed', {
      error: new Error('bot callback unreachable: fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }),
    });
    logger.warn('Activity failed', { error: ApplicationFailure.create({ type: 'PlatformRejected', message: 'queue closed', nonRetryable: true }) });

    expect(logs.lines().map((line) => [line.reason, line.errorType])).toEqual([
      ['Error: bot callback unreachable: fetch failed (cause: connect ECONNREFUSED 127.0.0.1:9)', 'Error'],
      ['ApplicationFailure: queue closed', 'PlatformRejected'],
    ]);
  });

  it('keeps the stack of an unexpected error', () => {
    const { logger, logs } = sdkLogger();
    logger.error('Workflow task failed', { error: ApplicationFailure.nonRetryable('broken') });

    const [line] = logs.lines();
    expect(line).toMatchObject({ level: 'error', msg: 'Workflow task failed', reason: 'ApplicationFailure: broken' });
    expect(line!.stack).toContain('    at ');
  });

  it("binds a workflow's log lines to its handoff, and leaves other workflows' ids as they are", () => {
    const { logger, logs } = sdkLogger();
    const workflow = { sdkComponent: 'workflow', namespace: 'default', taskQueue: 'handoff', workflowType: 'handoffWorkflow' };
    logger.info('agent event not applied', { ...workflow, workflowId: HANDOFF_ID, runId: 'run-2', eventId: 'e-1', outcome: 'duplicate' });
    logger.info('something', { ...workflow, workflowId: 'end-chat/x/y', runId: 'run-3' });

    const [handoffLine, otherLine] = logs.lines();
    expect(handoffLine).toMatchObject({ handoffId: HANDOFF_ID, workflowId: HANDOFF_ID, runId: 'run-2', platform: 'local-desk', eventId: 'e-1' });
    expect(otherLine).toMatchObject({ workflowId: 'end-chat/x/y', runId: 'run-3' });
    expect(otherLine).not.toHaveProperty('handoffId');
  });

  it('writes nothing below the level set', () => {
    const { logger, logs } = sdkLogger('WARN');
    logger.info('Worker state changed', { state: 'RUNNING' });
    logger.debug('Activity completed', ACTIVITY_META);
    logger.warn('Activity failed', { error: new Error('down') });

    expect(logs.lines().map((line) => line.msg)).toEqual(['Activity failed']);
  });
});
