/**
 * SECURITY.md, "What is encrypted, and what is not": the logs bind only well-formed handoff ids and
 * known platform ids from a request, and leave out an activity's task token.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger';
import { fieldsOfPath } from '../../api/request-log-fields';
import { PinoTemporalLogger } from '../../worker/log-line';
import { captureLogs } from '../support/log-lines';

describe('what the logs take from a request and from the SDK', () => {
  const options = { platformOfProfile: (profile: string) => (profile === 'default' ? 'local-desk' : undefined), isPlatform: (id: string) => id === 'glia' };

  it('binds nothing a caller made up: not a handoff id, an overlong one, a bad escape, an unknown platform', () => {
    expect(fieldsOfPath('/v1/handoffs/eligibility', options)).toBeUndefined();
    expect(fieldsOfPath(`/v1/handoffs/${encodeURIComponent('my password is hunter2')}`, options)).toBeUndefined();
    expect(fieldsOfPath(`/v1/handoffs/${encodeURIComponent('handoff/x/' + 'y'.repeat(1_000))}`, options)).toBeUndefined();
    expect(fieldsOfPath('/v1/handoffs/%E0%A4%A', options)).toBeUndefined();
    expect(fieldsOfPath('/v1/webhooks/evil%0Aplatform', options)).toBeUndefined();
    expect(fieldsOfPath('/desk/api/chats', options)).toBeUndefined();
    expect(fieldsOfPath(`/v1/handoffs/${encodeURIComponent('handoff/other/conv')}`, options)).toEqual({
      handoffId: 'handoff/other/conv',
      workflowId: 'handoff/other/conv',
    });
  });

  it("leaves out an activity's task token", () => {
    const logs = captureLogs();
    const logger = new PinoTemporalLogger(createLogger({ process: 'worker', format: 'json', destination: logs.destination }));
    logger.warn('Activity failed', { taskToken: 'Q2lRMFl6VmhaamRq', activityType: 'deliverToBot', error: new Error('down') });

    expect(logs.text()).not.toContain('Q2lRMFl6VmhaamRq');
    expect(logs.lines()[0]).toMatchObject({ activityType: 'deliverToBot', reason: 'Error: down' });
  });
});
