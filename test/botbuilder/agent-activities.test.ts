import { describe, expect, it } from 'vitest';
import type { BotEvent } from '../../clients/typescript/src/index.js';
import { defaultAgentActivity, handoffStatusActivity, isHandoffInitiation } from '../../clients/typescript/src/botbuilder/index.js';

const event = (type: BotEvent['type'], fields: Partial<BotEvent> = {}): BotEvent => ({
  handoffId: 'handoff/default/c-1',
  eventId: `ev-${type}`,
  seq: 1,
  type,
  at: '2026-12-07T08:00:00.000Z',
  ...fields,
});

describe('what the user sees of the agent side', () => {
  it('passes messages, typing and files on, and words the rest; the end is the bot to tell', () => {
    expect(defaultAgentActivity(event('agent.message', { text: 'Hello' }))).toEqual({ type: 'message', text: 'Hello' });
    expect(defaultAgentActivity(event('agent.typing', { typing: true }))).toEqual({ type: 'typing' });
    expect(defaultAgentActivity(event('agent.typing', { typing: false }))).toBeUndefined();
    expect(
      defaultAgentActivity(
        event('agent.attachment', {
          attachment: { attachmentId: 'a', name: 'guide.pdf', contentType: 'application/pdf', size: 3, sha256: 'x' },
          url: 'https://handoff.example.com/v1/attachments/a?token=t',
        }),
      ),
    ).toEqual({
      type: 'message',
      attachments: [{ contentType: 'application/pdf', contentUrl: 'https://handoff.example.com/v1/attachments/a?token=t', name: 'guide.pdf' }],
    });
    expect(defaultAgentActivity(event('agent.joined', { agentName: 'Grace' }))?.text).toBe('Grace joined the chat.');
    expect(defaultAgentActivity(event('agent.transferred', { to: 'Billing' }))?.text).toBe('Your chat is being transferred to Billing; please stay here.');
    expect(defaultAgentActivity(event('queue.updated', { queue: { position: 3, estimatedWaitSeconds: 240 } }))?.text).toBe(
      'You are number 3 in the queue, about 4 min to wait.',
    );
    expect(defaultAgentActivity(event('queue.updated', { queue: {} }))).toBeUndefined();
    expect(defaultAgentActivity(event('handoff.fallback', { action: 'ticket', ticket: { number: 'LOC0000001' } }))?.text).toMatch(/ticket LOC0000001/);
    expect(defaultAgentActivity(event('handoff.closed', { reason: 'agent-closed', handBack: true }))).toBeUndefined();
    expect(defaultAgentActivity(event('handoff.check-in', { text: 'Are you still there?' }))?.text).toBe('Are you still there?');
    expect(defaultAgentActivity(event('handoff.started', { summary: { text: 'Situation: VPN', provider: 'extractive', fellBack: false } }))).toBeUndefined();
  });
});

describe('handoff.status', () => {
  it("is botbuilder's status event, incoming in the conversation, with the handoff's id", () => {
    const reference = {
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:1',
      conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'ada', name: 'Ada' },
      bot: { id: 'bot', name: 'Bot' },
    };
    const status = handoffStatusActivity(reference, { state: 'completed', message: 'agent-closed', handoffId: 'handoff/default/c-1' });
    expect(status).toMatchObject({
      type: 'event',
      name: 'handoff.status',
      value: { state: 'completed', message: 'agent-closed', handoffId: 'handoff/default/c-1' },
      channelId: 'emulator',
      conversation: { id: 'conv-1' },
      from: { id: 'ada' },
      recipient: { id: 'bot' },
    });
    expect(isHandoffInitiation({ type: 'event', name: 'handoff.initiate' })).toBe(true);
    expect(isHandoffInitiation({ type: 'message', name: 'handoff.initiate' })).toBe(false);
  });
});
