import { log } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { activityLogFields } from '../../observability/activity-log-fields';
import { createLogger } from '../../observability/logger';
import { PinoTemporalLogger } from '../../worker/log-line';
import { captureLogs } from '../support/log-lines';

const HANDOFF_ID = 'handoff/servicenow-profile/conv-7';

describe("an activity's log lines", () => {
  it("carry the handoff and platform of its input, also where the workflow's id is not the handoff's", async () => {
    const logs = captureLogs();
    const environment = new MockActivityEnvironment(
      { workflowExecution: { workflowId: `end-chat/${HANDOFF_ID}/run-1`, runId: 'run-9' }, activityType: 'closePlatformSession', attempt: 2 },
      {
        logger: new PinoTemporalLogger(createLogger({ process: 'worker', format: 'json', destination: logs.destination })),
        interceptors: [activityLogFields((profile) => (profile === 'servicenow-profile' ? 'servicenow' : undefined))],
      },
    );
    const closePlatformSession = async (_input: { handoffId: string; profile: string; reason: string }) => {
      log.info('closing the chat');
      throw new Error('platform answered 502');
    };
    await expect(environment.run(closePlatformSession, { handoffId: HANDOFF_ID, profile: 'servicenow-profile', reason: 'ended' })).rejects.toThrow(
      'platform answered 502',
    );

    const lines = logs.lines();
    const bound = { handoffId: HANDOFF_ID, platform: 'servicenow', workflowId: `end-chat/${HANDOFF_ID}/run-1`, runId: 'run-9', attempt: 2 };
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'closing the chat', ...bound }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'Activity failed', reason: 'Error: platform answered 502', ...bound }));
    expect(logs.text()).not.toContain('    at ');
  });
});
