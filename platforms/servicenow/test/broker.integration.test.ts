import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceNowSimulator } from '../../../test/ticketing/servicenow-table-simulator';
import { ServiceNowVaSimulator, type VaConversation } from './bot-integration-simulator';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { basic, completed, finalBotEvents, sendUserMessage, sendUserTyping, startHandoff, transcriptOf, waitForStatus } from '../../../test/brokering/helpers';

const RESPONSE_AUTH = { username: 'sn.outbound', password: 'outbound-password', tokenHeader: 'x-sn-callback-token', token: 'callback-token-7' };
const va = new ServiceNowVaSimulator({ username: 'va.integration', password: 'va-password', token: 'ORANGE', responseAuth: RESPONSE_AUTH });
const tables = new ServiceNowSimulator({ username: 'handoff.tickets', password: 'tables-password' });
let stack: HandoffStack;

const profiles = (vaUrl: string, tablesUrl: string) => `
profiles:
  sn:
    mode: broker
    platform: servicenow
    fileTicket: true
    shortDescriptionPrefix: 'Live chat: '
    ticketing: { system: servicenow, instanceUrl: '${tablesUrl}', auth: { type: basic, username: '\${SN_USER}', password: '\${SN_PASSWORD}' } }
    timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 1h }
    platformOptions:
      instanceUrl: '${vaUrl}'
      botIntegration:
        auth: { type: basic, username: '\${SN_VA_USER}', password: '\${SN_VA_PASSWORD}' }
        token: '\${SN_VA_TOKEN}'
        queueName: IT Support
        contextVariables: { liveagent_queue: it-support, b2b_category: '{category}' }
        webhook:
          basic: { username: '\${SN_HOOK_USER}', password: '\${SN_HOOK_PASSWORD}' }
          tokenHeader: { name: X-SN-Callback-Token, value: '\${SN_HOOK_TOKEN}' }
  other:
    mode: broker
    platform: servicenow
    platformOptions:
      instanceUrl: '${vaUrl}'
      botIntegration:
        token: '\${SN_VA_TOKEN}'
        webhook: { basic: { username: '\${SN_HOOK_USER}', password: '\${OTHER_HOOK_PASSWORD}' } }
  unset:
    mode: broker
    platform: servicenow
    platformOptions: { instanceUrl: '${vaUrl}' }
`;

beforeAll(async () => {
  const [vaUrl, tablesUrl] = await Promise.all([va.start(), tables.start()]);
  stack = await HandoffStack.start({
    config: profiles(vaUrl, tablesUrl),
    env: {
      SN_USER: 'handoff.tickets',
      SN_PASSWORD: 'tables-password',
      SN_VA_USER: 'va.integration',
      SN_VA_PASSWORD: 'va-password',
      SN_VA_TOKEN: 'ORANGE',
      SN_HOOK_USER: RESPONSE_AUTH.username,
      SN_HOOK_PASSWORD: RESPONSE_AUTH.password,
      SN_HOOK_TOKEN: RESPONSE_AUTH.token,
      OTHER_HOOK_PASSWORD: 'another-outbound-password',
    },
  });
  va.responseUrl = `${stack.apiUrl}/v1/webhooks/servicenow`;
});
afterAll(async () => {
  await stack?.stop();
  await Promise.all([va.stop(), tables.stop()]);
});

const beth = { name: 'Beth Anglin', id: '46d44a5fa9fe198101d38b6a4d6e0b55' };

async function conversationOf(handoffId: string): Promise<VaConversation> {
  return eventually(() => {
    const conversation = va.conversationOf(handoffId);
    if (!conversation) throw new Error(`ServiceNow has no conversation for ${handoffId}`);
    return conversation;
  });
}

async function connectedChat(profile = 'sn') {
  const handoff = await startHandoff(stack, profile);
  const conversation = await conversationOf(handoff.id);
  va.agentSays(conversation, beth, 'Hi Ada, Beth here');
  await waitForStatus(stack, handoff.id, 'connected');
  return { handoff, conversation };
}

function userTexts(conversation: VaConversation): string[] {
  return conversation.userMessages.map((m) => m.text);
}

function postCallback(body: unknown, headers: Record<string, string>) {
  return stack.call('POST', '/v1/webhooks/servicenow', body, { authorization: '', ...headers });
}

describe('brokered handoff on ServiceNow Virtual Agent (Bot Integration API)', () => {
  it('asks for a live agent with the user, the context variables and the bot history, tells the bot the announced wait, and gives each message its own id', async () => {
    const handoff = await startHandoff(stack, 'sn');
    expect(handoff).toMatchObject({ status: 'queued', mode: 'broker', platform: 'servicenow', queue: { name: 'IT Support' } });
    expect(handoff.ticket.number).toMatch(/^INC\d{7}$/);

    const conversation = await conversationOf(handoff.id);
    const asked = conversation.agentRequest;
    expect(asked).toMatchObject({
      action: 'AGENT',
      userId: 'u-42',
      emailId: 'ada@example.com',
      message: { text: 'My VPN keeps dropping', typed: true },
      contextVariables: { live_agent_only: 'true', liveagent_queue: 'it-support', b2b_category: 'IT' },
      clientVariables: { handoffId: handoff.id },
      timezone: 'UTC',
    });
    expect(asked.history).toEqual([
      { displayName: 'Ada Lovelace', isBotMessage: false, timestamp: expect.stringMatching(/^\d{13}$/), type: 'text', value: 'My VPN keeps dropping' },
      { displayName: 'Bot', isBotMessage: true, timestamp: expect.stringMatching(/^\d{13}$/), type: 'text', value: 'Have you tried reconnecting?' },
    ]);

    va.announceWait(conversation, '45 Seconds');
    await eventually(async () => {
      const view = await stack.call('GET', stack.handoffPath(handoff.id));
      expect(view.body.queue).toEqual({ name: 'IT Support', estimatedWaitSeconds: 45 });
    });

    va.agentSays(conversation, beth, 'Hi Ada, Beth here');
    const connected = await waitForStatus(stack, handoff.id, 'connected');
    expect(connected.agent).toEqual({ name: 'Beth Anglin' });
    for (const [i, text] of ['first', 'second'].entries()) await sendUserMessage(stack, handoff.id, `m-${i}`, text);
    await eventually(() => expect(userTexts(conversation)).toEqual(['My VPN keeps dropping', 'first', 'second']));
    expect(new Set(conversation.userMessages.map((m) => m.clientMessageId)).size).toBe(3);
  });

  it("relays the user's typing as a TYPING request with empty text in order with the messages, sending no stop", async () => {
    const { handoff, conversation } = await connectedChat();
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() => expect(conversation.userActivity).toEqual(['message:My VPN keeps dropping', 'typing']));
    await sendUserMessage(stack, handoff.id, 'typed-1', 'typed this');
    await sendUserTyping(stack, handoff.id, false);
    await sendUserMessage(stack, handoff.id, 'typed-2', 'and this');
    await eventually(() => expect(conversation.userActivity).toEqual(['message:My VPN keeps dropping', 'typing', 'message:typed this', 'message:and this']));
    const typingRequests = va.requests.filter((r) => r.clientSessionId === conversation.clientSessionId && r.action === 'TYPING');
    expect(typingRequests).toHaveLength(1);
    expect(typingRequests[0]).toMatchObject({ message: { text: '', typed: true }, clientVariables: { handoffId: handoff.id } });
    expect(userTexts(conversation)).toEqual(['My VPN keeps dropping', 'typed this', 'and this']);
  });

  it('drops a typing request ServiceNow refuses with a 4xx and keeps the chat going', async () => {
    const { handoff, conversation } = await connectedChat();
    va.failBefore = { count: 1, status: 400 };
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() => expect(va.failBefore.count).toBe(0));
    await sendUserMessage(stack, handoff.id, 'after-refusal', 'still here');
    await eventually(() => expect(userTexts(conversation)).toEqual(['My VPN keeps dropping', 'still here']));
    expect(conversation.userActivity).not.toContain('typing');
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });

  it('returns the user to the bot when ServiceNow takes control back', async () => {
    const { handoff, conversation } = await connectedChat();
    va.handBackToBot(conversation);
    const ended = await waitForStatus(stack, handoff.id, 'closed');
    expect(ended.reason).toBe('handed-back-to-bot');
    expect((await finalBotEvents(stack, handoff.id)).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'handed-back-to-bot' });
  });

  it('loses and repeats no user message while ServiceNow answers 503, 429 and loses a response', async () => {
    const { handoff, conversation } = await connectedChat();
    va.failBefore = { count: 4, status: 503 };
    await sendUserMessage(stack, handoff.id, 'o-1', 'one');
    await sendUserMessage(stack, handoff.id, 'o-2', 'two');
    await eventually(() => expect(userTexts(conversation)).toEqual(['My VPN keeps dropping', 'one', 'two']));
    va.failBefore = { count: 2, status: 429 };
    await sendUserMessage(stack, handoff.id, 'o-3', 'three');
    await eventually(() => expect(userTexts(conversation)).toEqual(['My VPN keeps dropping', 'one', 'two', 'three']));
    const repeatsBefore = va.repeatedRequestIds.length;
    va.loseResponses = 1;
    await sendUserMessage(stack, handoff.id, 'o-4', 'four');
    await eventually(() => expect(va.repeatedRequestIds.length).toBe(repeatsBefore + 1));
    expect(userTexts(conversation)).toEqual(['My VPN keeps dropping', 'one', 'two', 'three', 'four']);
    expect(va.failBefore.count).toBe(0);
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });

  it('relays a redelivered agent message once and ignores one that arrives after the chat ended', async () => {
    const { handoff, conversation } = await connectedChat();
    va.outbox.duplicateNext = 1;
    va.agentSays(conversation, beth, 'said once, delivered twice');
    va.outbox.holdNext = 1;
    va.agentSays(conversation, beth, 'too late');
    va.agentCloses(conversation);
    await waitForStatus(stack, handoff.id, 'closed');
    await completed(stack, handoff.id);
    va.outbox.releaseHeld();
    await va.outbox.idle();

    const late = va.outbox.answers.at(-1)!;
    expect(late.status).toBe(202);
    expect(late.answer).toEqual({ status: 'ignored', reason: 'the handoff has ended' });
    expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:Hi Ada, Beth here', 'agent:said once, delivered twice']);
    const events = await finalBotEvents(stack, handoff.id);
    expect(events.map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', 'agent.message', 'agent.message', 'handoff.closed']);
  });

  it("fails the handoff with ServiceNow's reason and notes it on the ticket when the instance refuses the chat", async () => {
    va.refuseNextAgentRequest = 'No agents are available for this queue';
    const handoff = await startHandoff(stack, 'sn');
    expect(handoff.status).toBe('failed');
    expect(handoff.reason).toContain('ServiceNow answered failure (No agents are available for this queue)');
    const incident = tables.records('incident').find((r) => r.number === handoff.ticket.number)!;
    await eventually(() =>
      expect(tables.workNotesOf(incident.sys_id!).at(-1)).toContain('Live-agent handoff failed: ServiceNow Virtual Agent: ask for a live agent'),
    );
  });

  it('fails the handoff when ServiceNow answers 400 to a user message, and ends the conversation', async () => {
    const { handoff, conversation } = await connectedChat();
    va.failBefore = { count: 1, status: 400 };
    await sendUserMessage(stack, handoff.id, 'bad', 'this one is refused');
    const failed = await waitForStatus(stack, handoff.id, 'failed');
    expect(failed.reason).toMatch(/^ServiceNow Virtual Agent: relay a user message: HTTP 400/);
    await eventually(() => expect(conversation.endedByClient).toBe(true));
    expect((await finalBotEvents(stack, handoff.id)).at(-1)).toMatchObject({ type: 'handoff.failed' });
  });

  it('ends closed, not failed, when a refused user message crossed the agent closing the chat', async () => {
    const { handoff, conversation } = await connectedChat();
    va.failBefore = { count: 1, status: 400 };
    await sendUserMessage(stack, handoff.id, 'crossing', 'one more thing');
    await new Promise((resolve) => setTimeout(resolve, 500));
    va.agentCloses(conversation);
    const closed = await waitForStatus(stack, handoff.id, 'closed');
    expect(closed.reason).toBe('agent-closed');
  });

  it('fails a broker profile without botIntegration naming the missing option', async () => {
    const handoff = await startHandoff(stack, 'unset');
    expect(handoff.status).toBe('failed');
    expect(handoff.reason).toBe('profile "unset": broker mode on servicenow needs platformOptions.botIntegration');
  });

  it('answers 401 to a callback without the configured credentials and signals nothing', async () => {
    const handoff = await startHandoff(stack, 'sn');
    const conversation = await conversationOf(handoff.id);
    const forged = {
      requestId: 'forged',
      clientSessionId: conversation.clientSessionId,
      userId: 'u-42',
      agentChat: true,
      body: [{ uiType: 'OutputText', value: 'send me your password', messageId: 'forged-1', agentInfo: { sentFromAgent: true, agentName: 'Mallory' } }],
      clientVariables: { handoffId: handoff.id },
    };
    const rightBasic = basic(RESPONSE_AUTH.username, RESPONSE_AUTH.password);

    const answers = [
      await postCallback(forged, {}),
      await postCallback(forged, { authorization: rightBasic }),
      await postCallback(forged, { authorization: rightBasic, 'x-sn-callback-token': 'guessed' }),
      await postCallback(forged, { authorization: basic(RESPONSE_AUTH.username, 'another-outbound-password') }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers[0]!.body.error).toEqual({ code: 'unauthorized', message: 'valid ServiceNow webhook credentials are required' });
    expect(answers[3]!.body.error.message).toBe('these credentials do not cover this handoff');

    const invalid = await postCallback({ body: [] }, { authorization: rightBasic, 'x-sn-callback-token': RESPONSE_AUTH.token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['clientSessionId', 'clientVariables']));

    const genuine = await postCallback({ ...forged, body: [] }, { authorization: rightBasic, 'x-sn-callback-token': RESPONSE_AUTH.token });
    expect(genuine.status).toBe(202);
    const view = await stack.call('GET', stack.handoffPath(handoff.id));
    expect(view.body.status).toBe('queued');
    expect(await transcriptOf(stack, handoff.id)).toEqual([]);
    // The start's own event aside, nothing reached the bot.
    expect(stack.bot.eventsFor(handoff.id).filter((e) => e.type !== 'handoff.started')).toEqual([]);
  });
  it('never dates an event by what its body claims', async () => {
    const { handoff, conversation } = await connectedChat();
    const headers = { authorization: basic(RESPONSE_AUTH.username, RESPONSE_AUTH.password), 'x-sn-callback-token': RESPONSE_AUTH.token };
    const callback = {
      requestId: conversation.lastRequestId,
      clientSessionId: conversation.clientSessionId,
      userId: 'u-42',
      agentChat: true,
      // ServiceNow neither dates nor signs its responses: a date in the body is not believed.
      at: '2001-01-01T00:00:00.000Z',
      timestamp: 978_307_200_000,
      body: [
        { uiType: 'OutputText', value: 'once only', messageId: 'sn-msg-1', agentInfo: { sentFromAgent: true, agentName: 'Beth Anglin', agentId: 'beth' } },
      ],
      clientVariables: { handoffId: handoff.id },
    };
    const before = Date.now();
    expect(await postCallback(callback, headers)).toMatchObject({ status: 202, body: { status: 'accepted' } });
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:Hi Ada, Beth here', 'agent:once only']));
    const message = await eventually(() => {
      const found = stack.bot.eventsFor(handoff.id).find((e) => (e as { text?: string }).text === 'once only');
      if (!found) throw new Error('the message has not reached the bot');
      return found;
    });
    expect(Date.parse(message.at)).toBeGreaterThanOrEqual(before - 1_000);
  });
});
