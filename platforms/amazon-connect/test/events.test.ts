import { describe, expect, it } from 'vitest';
import { AgentEventSchema, type AgentEvent } from '../../../contracts/agent-event';
import { toAgentEvent, toAgentEvents, type TranscriptItem } from '../events';

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
    expect(event('transfer.succeeded', 'SYSTEM')).toEqual({ ...COMMON, type: 'agent.transferred', to: 'another queue' });
    expect(event('chat.ended', 'SYSTEM')).toEqual({ ...COMMON, type: 'chat.closed' });
    expect(event('participant.joined', 'CUSTOMER')).toEqual({ skipped: "the user's own item" });
    expect(event('message.read')).toEqual({ skipped: `event ${EVENT}message.read` });
  });
});

describe('Amazon Connect transfers as agent events', () => {
  const transfer = (outcome: 'succeeded' | 'failed', fields: Partial<TranscriptItem> = {}, attributes: Record<string, string> = {}) =>
    toAgentEvent(item({ Type: 'EVENT', ContentType: `${EVENT}transfer.${outcome}`, Content: undefined, ...fields }), attributes, COMMON);

  it('maps a transfer that succeeded to agent.transferred, keeping the session, with the name the event carries', () => {
    expect(transfer('succeeded', { Content: JSON.stringify({ QueueName: 'Billing' }) })).toEqual({
      ...COMMON,
      type: 'agent.transferred',
      to: 'Billing',
      agentName: 'Grace',
    });
    expect(transfer('succeeded', { Content: JSON.stringify({ transferTarget: { name: 'Ada' } }), ParticipantRole: 'SYSTEM' })).toEqual({
      ...COMMON,
      type: 'agent.transferred',
      to: 'Ada',
    });
    expect(transfer('succeeded', { Content: 'Second line support' })).toMatchObject({ type: 'agent.transferred', to: 'Second line support' });
    expect(transfer('succeeded', {}, { QueueName: 'Sales' })).toMatchObject({ type: 'agent.transferred', to: 'Sales' });
  });

  it('says "another queue" when the event names no destination, and cuts long names', () => {
    expect(transfer('succeeded', { Content: '{not json' })).toMatchObject({ to: 'another queue' });
    expect(transfer('succeeded', { Content: JSON.stringify({ other: 1 }) })).toMatchObject({ to: 'another queue' });
    const long = transfer('succeeded', { Content: JSON.stringify({ queueName: 'q'.repeat(500) }) });
    expect('to' in long && long.to.length).toBe(200);
  });

  it('maps a transfer that failed to agent.transferred with failed: true', () => {
    expect(transfer('failed', { ParticipantRole: 'SYSTEM' })).toEqual({ ...COMMON, type: 'agent.transferred', to: 'another queue', failed: true });
  });

  it('gives events the agent event contract accepts', () => {
    const mapped = transfer('failed', { Content: JSON.stringify({ QueueName: 'Billing' }) });
    expect(AgentEventSchema.safeParse(mapped).success).toBe(true);
  });
});

describe('Amazon Connect attachment items as agent events', () => {
  const file = (AttachmentId: string, fields: Record<string, string> = {}) => ({
    AttachmentId,
    AttachmentName: `${AttachmentId}.pdf`,
    ContentType: 'application/pdf',
    Status: 'APPROVED',
    ...fields,
  });
  const attachmentItem = (fields: Partial<TranscriptItem>) => item({ Type: 'ATTACHMENT', ContentType: undefined, Content: undefined, ...fields });

  it('turns each approved file of an agent into agent.attachment with its AttachmentId', () => {
    const events = toAgentEvents(
      attachmentItem({ Attachments: [file('att-1'), file('att-2', { ContentType: 'image/png', AttachmentName: 'shot.png' })] }),
      {},
      COMMON,
    );
    expect(events).toEqual([
      { ...COMMON, type: 'agent.attachment', source: { name: 'att-1.pdf', contentType: 'application/pdf', platformAttachmentId: 'att-1' }, agentName: 'Grace' },
      {
        ...COMMON,
        eventId: 'item-1:1',
        type: 'agent.attachment',
        source: { name: 'shot.png', contentType: 'image/png', platformAttachmentId: 'att-2' },
        agentName: 'Grace',
      },
    ]);
    for (const event of events as AgentEvent[]) expect(AgentEventSchema.safeParse(event).success).toBe(true);
  });

  it('skips files not yet approved, the user’s own files, and those hidden from the customer', () => {
    expect(toAgentEvents(attachmentItem({ Attachments: [file('att-1', { Status: 'IN_PROGRESS' })] }), {}, COMMON)).toEqual({
      skipped: 'an attachment item without an approved file',
    });
    expect(toAgentEvents(attachmentItem({ Attachments: [file('att-1')], ParticipantRole: 'CUSTOMER' }), {}, COMMON)).toEqual({
      skipped: "the user's own file",
    });
    expect(toAgentEvents(attachmentItem({ Attachments: [file('att-1')] }), { MessageVisibility: 'AGENT' }, COMMON)).toEqual({
      skipped: 'visible to AGENT only',
    });
    expect(toAgentEvents(attachmentItem({ Attachments: [] }), {}, COMMON)).toEqual({ skipped: 'an attachment item without an approved file' });
  });

  it('names a file Connect gave no name, and keeps other items as one event', () => {
    const [event] = toAgentEvents(attachmentItem({ Attachments: [{ AttachmentId: 'att-9' }] }), {}, COMMON) as AgentEvent[];
    expect(event).toMatchObject({ type: 'agent.attachment', source: { name: 'attachment-att-9', platformAttachmentId: 'att-9' } });
    expect(toAgentEvents(item({}), {}, COMMON)).toEqual([{ ...COMMON, type: 'agent.message', text: 'hello', agentName: 'Grace' }]);
  });
});

describe('Amazon Connect webhook: a streamed transfer', () => {
  it('turns a transfer.succeeded notification into agent.transferred for the contact', async () => {
    const { amazonConnectWebhook } = await import('../webhook');
    const item = {
      Id: 'item-transfer',
      Type: 'EVENT',
      ContentType: `${EVENT}transfer.succeeded`,
      Content: JSON.stringify({ QueueName: 'Billing' }),
      ParticipantRole: 'AGENT',
      DisplayName: 'Grace',
      AbsoluteTime: '2026-06-01T10:00:00.000Z',
      ContactId: 'contact-9',
      InitialContactId: 'contact-9',
    };
    const envelope = {
      Type: 'Notification' as const,
      MessageId: 'sns-1',
      TopicArn: 'arn:aws:sns:eu-west-2:123456789012:t',
      Message: JSON.stringify(item),
      Timestamp: '2026-06-01T10:00:00.000Z',
      MessageAttributes: { ContactId: { Type: 'String', Value: 'contact-9' }, MessageVisibility: { Type: 'String', Value: 'ALL' } },
    };
    const reading = await amazonConnectWebhook().parse(
      {} as never,
      { envelope, instances: [], policy: {} as never },
      {
        profiles: [],
        profileOf: () => undefined,
        log: () => {},
      },
    );
    expect(reading).toEqual({
      sessionKey: 'contact-9',
      events: [
        { eventId: 'item-transfer', sessionKey: 'contact-9', at: '2026-06-01T10:00:00.000Z', type: 'agent.transferred', to: 'Billing', agentName: 'Grace' },
      ],
    });
  });
});
