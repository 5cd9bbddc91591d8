/**
 * Amazon Connect receives the route as contact attributes its flow reads (`routeQueue` by "Set
 * working queue", `routeSkills`, `routePriority`) and the summary as an attribute and first in the
 * initial message; the simulated flow queues the chat where `routeQueue` says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_QUEUE, type SimContact } from './simulator';
import { ConnectTestInstance } from './test-instance';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { startHandoff } from '../../../test/brokering/helpers';

const instance = new ConnectTestInstance(1, 'handoff-routing-stream');
let stack: HandoffStack;

beforeAll(async () => {
  await instance.start();
  const options = instance.platformOptions().map((line) => `    ${line}`);
  stack = await HandoffStack.start({
    config: [
      'profiles:',
      '  connect:',
      '    mode: broker',
      '    platform: amazon-connect',
      '    routes:',
      '      - { when: \'user.locale == "de"\', queue: Deutsch, skills: [german, billing], priority: 2 }',
      ...options,
      "      routeQueues: { Deutsch: 'a1b2c3d4-queue-deutsch' }",
    ].join('\n'),
  });
  await instance.subscribe(stack);
});
afterAll(async () => {
  await stack?.stop();
  await instance.stop();
});

async function contactOf(handoffId: string): Promise<SimContact> {
  return eventually(() => {
    const contact = instance.simulator.contacts.find((c) => c.attributes.handoffId === handoffId);
    if (!contact) throw new Error(`Amazon Connect has no contact for ${handoffId}`);
    return contact;
  });
}

describe('routing and the summary on Amazon Connect', () => {
  it('queues a German speaker in the mapped Connect queue, with skills and priority for the flow', async () => {
    const handoff = await startHandoff(stack, 'connect', { user: { id: 'u-de', name: 'Ada', locale: 'de' } });
    const contact = await contactOf(handoff.id);
    expect(contact.workingQueue).toBe('a1b2c3d4-queue-deutsch');
    expect(contact.attributes).toMatchObject({ routeQueue: 'a1b2c3d4-queue-deutsch', routeSkills: 'german,billing', routePriority: '2' });
    expect(contact.attributes.handoffSummary).toBe(handoff.summary.text);
    expect(contact.initialMessage).toContain(`Summary:\n${handoff.summary.text}`);
  });

  it('leaves the flow’s own queue when no route holds', async () => {
    const handoff = await startHandoff(stack, 'connect');
    const contact = await contactOf(handoff.id);
    expect(contact.workingQueue).toBe(FLOW_QUEUE);
    expect(contact.attributes.routeQueue).toBeUndefined();
  });
});
