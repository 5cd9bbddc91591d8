import { EventFactory, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { HandoffRequestInvalidError } from '../../clients/typescript/src/index.js';
import { handoffRequestOf } from '../../clients/typescript/src/botbuilder/index.js';

const CALLBACK = 'https://bot.example.com/api/handoff-events';

/** The turn a user's message starts, and the initiation botbuilder's own factory makes in it. */
function initiation(text: string, handoffContext: unknown, transcript?: Partial<Activity>[]) {
  const adapter = new TestAdapter(TestAdapter.createConversation('conv-1', 'ada', 'bot'));
  const turn: Partial<Activity> = {
    ...adapter.makeActivity(text),
    id: 'turn-1',
    channelId: 'test',
    from: { id: 'ada', name: 'Ada Lovelace' },
    locale: 'fr-FR',
  };
  const context = new TurnContext(adapter, turn);
  const initiate = EventFactory.createHandoffInitiation(context, handoffContext, transcript && { activities: transcript as Activity[] });
  return { initiate, turn };
}

const said = (from: 'user' | 'bot', text: string, at = '2026-12-07T08:00:00.000Z'): Partial<Activity> => ({
  type: 'message',
  id: `${from}-${text}`,
  text,
  from: from === 'user' ? { id: 'ada', name: 'Ada', role: 'user' } : { id: 'bot', name: 'Bot', role: 'bot' },
  timestamp: new Date(at),
});

describe("handoff.initiate to Handoff's start request", () => {
  it('takes the user from the turn, the issue from what the user said before asking, and the Transcript attachment', () => {
    const transcript = [said('user', 'My VPN keeps dropping'), said('bot', 'Try reconnecting?'), { type: 'typing' }, said('user', 'talk to a person')];
    const { initiate, turn } = initiation('talk to a person', {}, transcript);
    const request = handoffRequestOf({ initiate, turn, callbackUrl: CALLBACK });
    expect(request).toEqual({
      conversationId: expect.stringMatching(/^bf-[0-9a-f]{24}-[0-9a-f]{16}$/),
      profile: 'default',
      channel: 'test',
      user: { id: 'ada', name: 'Ada Lovelace', locale: 'fr-FR' },
      issue: { lastUtterance: 'My VPN keeps dropping' },
      transcript: [
        { from: 'user', text: 'My VPN keeps dropping', at: '2026-12-07T08:00:00.000Z' },
        { from: 'bot', text: 'Try reconnecting?', at: '2026-12-07T08:00:00.000Z' },
        { from: 'user', text: 'talk to a person', at: '2026-12-07T08:00:00.000Z' },
      ],
      callbackUrl: CALLBACK,
    });
    // The same turn asks for the same handoff; another conversation for another.
    expect(handoffRequestOf({ initiate, turn, callbackUrl: CALLBACK }).conversationId).toBe(request.conversationId);
  });

  it('lets handoffContext name the profile, the user and the issue', () => {
    const { initiate, turn } = initiation('agent please', {
      profile: 'vip',
      user: { email: 'ada@example.com', department: 'Sales' },
      issue: { lastUtterance: 'Laptop broken', category: 'Hardware' },
      resultsPresented: [{ title: 'Fix laptops', url: 'https://kb.example.com/laptops' }],
    });
    expect(handoffRequestOf({ initiate, turn, callbackUrl: CALLBACK, profile: 'default' })).toMatchObject({
      profile: 'vip',
      user: { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', department: 'Sales', locale: 'fr-FR' },
      issue: { lastUtterance: 'Laptop broken', category: 'Hardware' },
      resultsPresented: [{ title: 'Fix laptops', url: 'https://kb.example.com/laptops' }],
      transcript: [],
    });
  });

  it("reads Copilot Studio's va_* variables: last phrases, agent message, topic and language, all kept as the user's attributes", () => {
    const variables = {
      va_Scope: 'bot',
      va_LastTopic: 'VPN troubleshooting',
      va_Topics: ['Greeting', 'VPN troubleshooting'],
      va_LastPhrases: 'vpn drops every hour',
      va_Phrases: ['hello', 'vpn drops every hour'],
      va_AgentMessage: 'User tried reconnecting twice',
      va_ConversationId: 'copilot-conv-9',
      va_Language: 'en-GB',
    };
    const { initiate, turn } = initiation('escalate', variables);
    expect(handoffRequestOf({ initiate, turn, callbackUrl: CALLBACK })).toMatchObject({
      user: { id: 'ada', locale: 'en-GB', attributes: variables },
      issue: { lastUtterance: 'vpn drops every hour', summary: 'User tried reconnecting twice', category: 'VPN troubleshooting' },
    });
  });

  it('refuses a handoffContext or transcript that breaks the contract, naming the paths', () => {
    const bad = initiation('help', { profile: 42, user: { email: 'nope' } });
    expect(() => handoffRequestOf({ ...bad, callbackUrl: CALLBACK })).toThrow(
      new HandoffRequestInvalidError('the handoffContext', [{ path: 'handoffContext.profile', message: 'Invalid input: expected string, received number' }]),
    );
    const badEmail = initiation('help', { user: { email: 'nope' } });
    expect(() => handoffRequestOf({ ...badEmail, callbackUrl: CALLBACK })).toThrow(
      /^the handoff request made from handoff\.initiate breaks the contract: user\.email: /,
    );
    const { initiate, turn } = initiation('help', {});
    initiate.attachments = [{ name: 'Transcript', contentType: 'application/json', content: { activities: 'none' } }];
    expect(() => handoffRequestOf({ initiate, turn, callbackUrl: CALLBACK })).toThrow(
      /^the Transcript attachment breaks the contract: Transcript\.activities: /,
    );
  });
});
