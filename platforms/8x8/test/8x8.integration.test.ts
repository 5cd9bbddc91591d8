import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EightByEightSimulator, type SimConversation } from './simulator';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { completed, finalBotEvents, sendUserMessage, sendUserTyping, startHandoff, transcriptOf, waitForStatus } from '../../../test/brokering/helpers';

const SETUP = {
  apiKey: 'eight-api-key-0001',
  tenant: 'acme-tenant',
  customerId: 'acme-customer',
  channelId: 'ch-handoff',
  queueId: 'q-100',
  queueName: 'Support',
};
const eight = new EightByEightSimulator({ ...SETUP, algorithm: 'ES256' });
let stack: HandoffStack;
let webhookUrl = '';

beforeAll(async () => {
  const url = await eight.start();
  stack = await HandoffStack.start({
    env: { EIGHT_BY_EIGHT_API_KEY: SETUP.apiKey },
    config: `
profiles:
  eight:
    mode: broker
    platform: 8x8
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
    timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 2h }
    platformOptions:
      baseUrl: '${url}'
      apiKey: '\${EIGHT_BY_EIGHT_API_KEY}'
      tenant: ${SETUP.tenant}
      channelId: ${SETUP.channelId}
      queueId: ${SETUP.queueId}
`,
  });
  webhookUrl = `${stack.apiUrl}/v1/webhooks/8x8`;
  eight.webhookUrl = webhookUrl;
});
afterAll(async () => {
  await stack?.stop();
  await eight.stop();
});

async function conversationOf(handoffId: string): Promise<SimConversation> {
  return eventually(() => {
    const conversation = eight.conversations.find((c) => c.user.additionalProperties.some((p) => p.key === 'handoffId' && p.value === handoffId));
    if (!conversation) throw new Error(`8x8 has no conversation for ${handoffId}`);
    return conversation;
  });
}

async function connectedChat(agentId = 'agent-grace') {
  const handoff = await startHandoff(stack, 'eight');
  const conversation = await conversationOf(handoff.id);
  eight.agentJoins(conversation.conversationId, agentId);
  await waitForStatus(stack, handoff.id, 'connected');
  return { handoff, conversation };
}

async function userMessagesBecome(conversation: SimConversation, texts: string[]) {
  await eventually(() => expect(conversation.userMessages).toEqual(texts));
}

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() };
}

describe('brokered handoff on 8x8 Chat Gateway', () => {
  it('answers WEB_HOOK_VERIFY with 2xx', async () => {
    expect(await eight.verifyWebhook()).toBe(200);
  });

  it('opens the conversation with the user, the queue assignment and the bot history, and tells the bot the queue', async () => {
    const handoff = await startHandoff(stack, 'eight');
    const conversation = await conversationOf(handoff.id);
    expect(conversation).toMatchObject({
      channelId: SETUP.channelId,
      assignment: { type: 'queue', id: SETUP.queueId },
      user: { name: 'Ada Lovelace', email: 'ada@example.com', userId: 'u-42' },
      history: [
        { authorType: 'user', text: 'My VPN keeps dropping' },
        { authorType: 'bot', text: 'Have you tried reconnecting?' },
      ],
    });
    expect(conversation.user.additionalProperties).toEqual(expect.arrayContaining([{ key: 'ticketNumber', value: handoff.ticket.number }]));
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.queue).toMatchObject({ name: 'Support' }));
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.started', 'queue.updated']));
  });

  it("relays the user's typing in order with the messages, and drops a typing call 8x8 refuses without failing the handoff", async () => {
    const { handoff, conversation } = await connectedChat();
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() => expect(conversation.userActivity).toEqual(['typing:true']));
    await sendUserMessage(stack, handoff.id, 'typed-1', 'typed this');
    await sendUserTyping(stack, handoff.id, false);
    await eventually(() => expect(conversation.userActivity).toEqual(['typing:true', 'message:typed this', 'typing:false']));

    eight.failNext('sendActivity', 1, 400);
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() => expect(eight.calls.filter((c) => c.operation === 'sendActivity').at(-1)?.status).toBe(400));
    await sendUserMessage(stack, handoff.id, 'typed-2', 'still here');
    await eventually(() => expect(conversation.userActivity).toEqual(['typing:true', 'message:typed this', 'typing:false', 'message:still here']));
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });

  it('delivers every user message once and in order through 5xx and 429 answers from 8x8', async () => {
    const { handoff, conversation } = await connectedChat();
    eight.failNext('sendMessage', 2, 503);
    eight.failNext('sendMessage', 1, 429);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const [i, text] of texts.entries()) await sendUserMessage(stack, handoff.id, `retry-${i}`, text);
    await userMessagesBecome(conversation, texts);
    expect(eight.calls.filter((c) => c.operation === 'sendMessage' && c.status >= 429).map((c) => c.status)).toEqual([503, 503, 429]);
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });

  it('gets agent events through while Handoff is unreachable or 8x8 cannot name the handoff', async () => {
    const deliveriesBefore = eight.deliveries.length;
    eight.failNext('getConversation', 2, 503);
    const handoff = await startHandoff(stack, 'eight');
    const conversation = await conversationOf(handoff.id);
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.queue).toMatchObject({ name: 'Support' }));
    eight.dropNextDeliveries(3);
    eight.agentJoins(conversation.conversationId, 'agent-linus');
    eight.agentSays(conversation.conversationId, 'agent-linus', 'Sorry for the wait');
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:Sorry for the wait']));
    const statuses = eight.deliveries.slice(deliveriesBefore).map((d) => d.status);
    expect(statuses.filter((status) => status === 503)).toHaveLength(2);
    expect(statuses.filter((status) => status === 0)).toHaveLength(3);
  });

  it('answers 401 to unsigned, tampered, foreign-tenant, re-identified, re-signed and future events and signals nothing', async () => {
    const handoff = await startHandoff(stack, 'eight');
    const conversation = await conversationOf(handoff.id);
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.started', 'queue.updated']));
    const body = (text: string) =>
      JSON.stringify({
        eventType: 'MESSAGE',
        conversationId: conversation.conversationId,
        timestamp: Date.now(),
        data: { isEcho: false, sender: { type: 'agent', id: 'mallory' }, text },
      });
    const otherTenant = new EightByEightSimulator({ ...SETUP, tenant: 'someone-else', algorithm: 'ES256', kid: eight.kid });
    const now = Date.now();
    const answers = [
      await post(body('unsigned'), {}),
      await post(body('tampered'), eight.signedHeaders(body('genuine'), 'evt-tampered', 0, now)),
      await post(body('other tenant'), otherTenant.signedHeaders(body('other tenant'), 'evt-tenant', 0, now)),
      await post(body('replayed id'), { ...eight.signedHeaders(body('replayed id'), 'evt-a', 0, now), 'x-8x8-event-id': 'evt-b' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers.map((a) => a.body.error.code)).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'unauthorized']);
    expect(answers.map((a) => a.body.error.message)).toEqual([
      '8x8 signature refused: the x-8x8-signature header is missing',
      '8x8 signature refused: the 8x8 signature does not match the delivery',
      '8x8 signature refused: no 8x8 profile serves tenant someone-else',
      '8x8 signature refused: the 8x8 signature does not match the delivery',
    ]);

    const genuine = await post(body('genuine'), eight.signedHeaders(body('genuine'), 'evt-genuine', 0, Date.now()));
    expect(genuine).toMatchObject({ status: 202, body: { status: 'accepted' } });
    // The same event again, even signed anew as a retry: refused as a replay, not applied twice.
    const replayed = await post(body('genuine'), eight.signedHeaders(body('genuine'), 'evt-genuine', 1, Date.now()));
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: 'webhook_replayed' } } });
    const future = await post(body('future'), eight.signedHeaders(body('future'), 'evt-future', 0, Date.now() + 3_600_000));
    expect(future).toMatchObject({ status: 401, body: { error: { code: 'webhook_stale' } } });
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:genuine']));
    await eventually(() =>
      expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.started', 'queue.updated', 'agent.joined', 'agent.message']),
    );
  });

  it('answers 400 to a signed event whose body is not an 8x8 event', async () => {
    const body = JSON.stringify({ eventType: 'MESSAGE', timestamp: Date.now(), data: { text: 'no conversation' } });
    const answer = await post(body, eight.signedHeaders(body, 'evt-bad-shape', 0, Date.now()));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'conversationId', message: 'a MESSAGE event names its conversation' }],
    });
  });

  it('shows each agent message once when 8x8 delivers twice, and drops a message delivered after the chat ended', async () => {
    const { handoff, conversation } = await connectedChat('agent-barbara');
    const deliveriesBefore = eight.deliveries.length;
    eight.duplicateDeliveries = true;
    try {
      eight.agentSays(conversation.conversationId, 'agent-barbara', 'first answer');
      eight.agentSays(conversation.conversationId, 'agent-barbara', 'second answer');
      eight.holdNext();
      eight.agentSays(conversation.conversationId, 'agent-barbara', 'late answer');
      eight.agentEndsChat(conversation.conversationId, 'agent-barbara');
      await waitForStatus(stack, handoff.id, 'closed');
      await eight.drained();
    } finally {
      eight.duplicateDeliveries = false;
    }
    await completed(stack, handoff.id);
    eight.releaseHeld();
    await eight.drained();
    expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:first answer', 'agent:second answer']);
    const events = stack.bot.eventsFor(handoff.id);
    expect(events.filter((e) => e.type === 'agent.message').map((e) => (e as { text?: string }).text)).toEqual(['first answer', 'second answer']);
    // The second delivery of each event is refused as a replay (401), which 8x8 does not retry.
    const statuses = eight.deliveries.slice(deliveriesBefore).map((d) => d.status);
    expect(statuses.every((status) => status === 202 || status === 401)).toBe(true);
    expect(statuses.filter((status) => status === 202)).toHaveLength(new Set(eight.deliveries.slice(deliveriesBefore).map((d) => d.eventId)).size);
  });

  it('tells the bot where the chat was transferred and keeps the session through the next agent', async () => {
    const { handoff, conversation } = await connectedChat('agent-first');
    eight.agentTransfers(conversation.conversationId, 'agent-first');
    eight.agentJoins(conversation.conversationId, 'agent-second');
    await eventually(() =>
      expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual([
        'handoff.started',
        'queue.updated',
        'agent.joined',
        'agent.transferred',
        'agent.left',
        'queue.updated',
        'agent.joined',
      ]),
    );
    expect(stack.bot.eventsFor(handoff.id).find((e) => e.type === 'agent.transferred')).toMatchObject({ to: 'Second line' });
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body).toMatchObject({ status: 'connected', queue: { name: 'Second line' } });
    await sendUserMessage(stack, handoff.id, 'after-transfer', 'still there?');
    await eventually(() => expect(conversation.userMessages).toContain('still there?'));
  });

  it("ends the handoff failed with 8x8's reason when it refuses a message", async () => {
    const { handoff } = await connectedChat();
    eight.failNext('sendMessage', 1, 400);
    await sendUserMessage(stack, handoff.id, 'refused', 'this one is refused');
    const failed = await waitForStatus(stack, handoff.id, 'failed');
    expect(failed.reason).toMatch(/^8x8 send message: HTTP 400 .*simulated failure/);
    expect((await finalBotEvents(stack, handoff.id)).at(-1)).toMatchObject({ type: 'handoff.failed', reason: failed.reason });
    await eventually(() => {
      const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
      expect(notes.some((n) => n.includes('failed') && n.includes('HTTP 400'))).toBe(true);
    });
  });
});
