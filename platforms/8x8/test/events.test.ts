import { describe, expect, it } from 'vitest';
import { AgentEventSchema } from '../../../contracts/agent-event';
import { shapeProblems, toAgentEvent, TRANSFER_TARGET_UNKNOWN, type EightByEightEvent } from '../events';

const COMMON = { eventId: 'evt-1', sessionKey: 'conv-1', at: '2026-03-02T10:00:00.000Z' };

function mapped(eventType: string, data?: unknown) {
  const event: EightByEightEvent = { eventType, conversationId: 'conv-1', timestamp: 1, ...(data !== undefined && { data }) };
  expect(shapeProblems(event)).toEqual([]);
  return toAgentEvent(event, COMMON);
}

describe('8x8 TRANSFER events', () => {
  it('become agent.transferred to the queue the event names, a valid AgentEvent that does not end the chat', () => {
    const event = mapped('TRANSFER', { queueId: 'queue-2', queueName: 'Second line' });
    expect(event).toEqual({ ...COMMON, type: 'agent.transferred', to: 'Second line' });
    expect(AgentEventSchema.parse(event)).toMatchObject({ type: 'agent.transferred', to: 'Second line' });
  });

  it('name the queue id, then the agent, when the queue has no name', () => {
    expect(mapped('TRANSFER', { queueId: 'queue-7' })).toMatchObject({ type: 'agent.transferred', to: 'queue-7' });
    expect(mapped('TRANSFER', { queueId: 42 })).toMatchObject({ to: '42' });
    expect(mapped('TRANSFER', { queueName: '  ', agentName: 'Grace' })).toMatchObject({ to: 'Grace' });
  });

  it('say "another queue" when the event names no target, and never refuse its body (8x8 publishes none)', () => {
    expect(mapped('TRANSFER')).toEqual({ ...COMMON, type: 'agent.transferred', to: TRANSFER_TARGET_UNKNOWN });
    expect(mapped('TRANSFER', 'not an object')).toMatchObject({ to: TRANSFER_TARGET_UNKNOWN });
    expect(mapped('TRANSFER', { queueName: 'x'.repeat(500) })).toMatchObject({ to: 'x'.repeat(200) });
  });

  it('keep QUEUED as queue.updated with the queue name', () => {
    expect(mapped('QUEUED', { queueId: 'queue-2', queueName: 'Second line' })).toEqual({ ...COMMON, type: 'queue.updated', queue: { name: 'Second line' } });
    expect(mapped('QUEUED', {})).toEqual({ ...COMMON, type: 'queue.updated', queue: {} });
  });

  it('need a conversation', () => {
    expect(shapeProblems({ eventType: 'TRANSFER', data: { queueName: 'Q' } })).toEqual([
      { path: 'conversationId', message: 'a TRANSFER event names its conversation' },
    ]);
  });
});
