import { describe, expect, it } from 'vitest';
import { toAgentEvent, type TranscriptItem } from './events';

const COMMON = { eventId: 'item-1', sessionKey: 'contact-1', at: '2025-01-01T00:00:00.000Z' };
const EVENT = 'application/vnd.amazonaws.connect.event.';

function item(fields: Partial<TranscriptItem>): TranscriptItem {
  return { Id: 'item-1', Type: 'MESSAGE', ContentType: 'text/plain', Content: 'hello', ParticipantRole: 'AGENT', DisplayName: 'Grace', ...fields };
}

describe('Amazon Connect transcript items as agent events', () => {
  it('shows agent messages visible to the customer or to all, and nothing else', () => {
    expect(toAgentEvent(item({}), { MessageVisibility: 'ALL' }, COMMON)).toEqual({ ...COMMON, type: 'agent.message', text: 'hello', agentName: 'Grace' });
    expect(toAgentEvent(item({}), { MessageVisibility: 'CUSTOMER' }, COMMON)).toMatchObject({ type: 'agent.message' });
    expect(toAgentEvent(item({}), {}, COMMON)).toMatchObject({ type: 'agent.message' });
    expect(toAgentEvent(item({}), { MessageVisibility: 'AGENT' }, COMMON)).toEqual({ skipped: 'visible to AGENT only' });
    expect(toAgentEvent(item({ ParticipantRole: 'CUSTOMER' }), { MessageVisibility: 'ALL' }, COMMON)).toEqual({ skipped: "the user's own item" });
    expect(toAgentEvent(item({ ParticipantRole: 'SYSTEM' }), { MessageVisibility: 'ALL' }, COMMON)).toEqual({ skipped: 'a SYSTEM message' });
  });

  it('maps agent joins, leaves, typing, transfers and the chat ending', () => {
    const event = (contentType: string, role = 'AGENT') =>
      toAgentEvent(item({ Type: 'EVENT', ContentType: `${EVENT}${contentType}`, ParticipantRole: role, Content: undefined }), {}, COMMON);
    expect(event('participant.joined')).toEqual({ ...COMMON, type: 'agent.joined', agentName: 'Grace' });
    expect(event('participant.left')).toEqual({ ...COMMON, type: 'agent.left', agentName: 'Grace' });
    expect(event('typing')).toEqual({ ...COMMON, type: 'agent.typing', typing: true });
    expect(event('transfer.succeeded', 'SYSTEM')).toEqual({ ...COMMON, type: 'queue.updated', queue: {} });
    expect(event('chat.ended', 'SYSTEM')).toEqual({ ...COMMON, type: 'chat.closed' });
    expect(event('participant.joined', 'CUSTOMER')).toEqual({ skipped: "the user's own item" });
    expect(event('message.read')).toEqual({ skipped: `event ${EVENT}message.read` });
  });
});
