import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimContact } from './simulator';
import { ConnectTestInstance } from './test-instance';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { redeliver } from '../../../test/support/redeliver';
import { completed, finalBotEvents, sendUserMessage, sendUserTyping, startHandoff, transcriptOf, waitForStatus } from '../../../test/brokering/helpers';

const instance = new ConnectTestInstance(1, 'handoff-chat-stream');
const connect = instance.simulator;
const TOPIC = instance.topic;
let stack: HandoffStack;
let webhookUrl = '';
const TICKETED = ['fileTicket: true', "shortDescriptionPrefix: '[Live agent] '"];

beforeAll(async () => {
  await instance.start();
  stack = await HandoffStack.start({
    config: ['profiles:', instance.profile('connect', [...TICKETED, 'timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 2h }'])].join('\n'),
  });
  webhookUrl = await instance.subscribe(stack);
});
afterAll(async () => {
  await stack?.stop();
  await instance.stop();
});

async function contactOf(handoffId: string): Promise<SimContact> {
  return eventually(() => {
    const contact = connect.contacts.find((c) => c.attributes.handoffId === handoffId);
    if (!contact) throw new Error(`Amazon Connect has no contact for ${handoffId}`);
    return contact;
  });
}

async function connectedChat(agentName = 'Grace') {
  const handoff = await startHandoff(stack, 'connect');
  const contact = await contactOf(handoff.id);
  connect.agentJoins(contact.contactId, agentName);
  await waitForStatus(stack, handoff.id, 'connected');
  return { handoff, contact };
}

async function customerMessagesBecome(contactId: string, texts: string[]) {
  await eventually(() => expect(connect.customerMessages(contactId)).toEqual(texts));
}

function agentMessage(contact: SimContact, text: string) {
  return {
    Type: 'Notification' as const,
    MessageId: randomUUID(),
    TopicArn: TOPIC,
    Message: JSON.stringify({
      Id: randomUUID(),
      Type: 'MESSAGE',
      ContentType: 'text/plain',
      Content: text,
      ParticipantRole: 'AGENT',
      DisplayName: 'Mallory',
      AbsoluteTime: new Date().toISOString(),
      ContactId: contact.contactId,
      InitialContactId: contact.contactId,
    }),
    Timestamp: new Date().toISOString(),
    MessageAttributes: {
      ContactId: { Type: 'String', Value: contact.contactId },
      ParticipantRole: { Type: 'String', Value: 'AGENT' },
      MessageVisibility: { Type: 'String', Value: 'ALL' },
    },
  };
}

async function postToWebhook(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe('brokered handoff on Amazon Connect', () => {
  it("tells the bot the user's place and wait while queued, polled with GetContactMetrics", async () => {
    const handoff = await startHandoff(stack, 'connect');
    const contact = await contactOf(handoff.id);
    connect.queueContact(contact.contactId, { position: 4, estimatedWaitSeconds: 240 });
    // The workflow polls every 30 s while the user waits.
    const update = await eventually(() => {
      const event = stack.bot.eventsFor(handoff.id).find((e) => e.type === 'queue.updated');
      expect(event).toBeDefined();
      return event!;
    }, 45_000);
    expect(update.queue).toEqual({ position: 4, estimatedWaitSeconds: 240 });
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.queue).toMatchObject({ position: 4, estimatedWaitSeconds: 240 });
    connect.dequeueContact(contact.contactId);
    connect.agentJoins(contact.contactId, 'Grace');
    await waitForStatus(stack, handoff.id, 'connected');
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.queue.position).toBeUndefined();
  }, 70_000);

  it('confirms its SNS subscription after verifying the signed confirmation', () => {
    expect(connect.sns.isConfirmed(webhookUrl)).toBe(true);
    expect(connect.sns.deliveries.find((d) => d.type === 'SubscriptionConfirmation')?.status).toBe(200);
  });

  it('starts the chat contact with the handoff in its attributes and the bot history in its first message', async () => {
    const handoff = await startHandoff(stack, 'connect');
    const contact = await contactOf(handoff.id);
    expect(contact.attributes).toMatchObject({
      handoffId: handoff.id,
      userName: 'Ada Lovelace',
      lastUtterance: 'My VPN keeps dropping',
      ticketNumber: handoff.ticket.number,
    });
    expect(contact.initialMessage).toContain('Last message: My VPN keeps dropping');
    expect(contact.initialMessage).toContain('bot: Have you tried reconnecting?');
    expect(contact).toMatchObject({ displayName: 'Ada Lovelace', streamingTopicArn: TOPIC, customer: { connected: true }, chatDurationMinutes: 120 });
  });

  it("relays neither an agent's message meant for agents only nor a system message", async () => {
    const { handoff, contact } = await connectedChat();
    connect.agentSays(contact.contactId, 'Supervisor: check her VPN licence', 'Grace', 'AGENT');
    connect.systemSays(contact.contactId, 'Grace has joined the chat');
    connect.agentSays(contact.contactId, 'Please restart the client', 'Grace');
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:Please restart the client']));
    expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', 'agent.message']);
  });

  it("relays the user's typing as SendEvent in order with the messages, skips a stop, and drops a refused typing event", async () => {
    const { handoff, contact } = await connectedChat();
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() => expect(connect.customerActivity(contact.contactId).at(-1)).toBe('typing'));
    const before = connect.customerActivity(contact.contactId).length;
    await sendUserMessage(stack, handoff.id, 'typed-1', 'typed this');
    await sendUserTyping(stack, handoff.id, false);
    await sendUserMessage(stack, handoff.id, 'typed-2', 'and this');
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() =>
      expect(connect.customerActivity(contact.contactId).slice(before - 1)).toEqual(['typing', 'message:typed this', 'message:and this', 'typing']),
    );

    connect.failNext('SendEvent', 1, 400, 'ValidationException');
    await sendUserTyping(stack, handoff.id, true);
    await eventually(() => expect(connect.calls.filter((c) => c.operation === 'SendEvent').at(-1)?.status).toBe(400));
    await sendUserMessage(stack, handoff.id, 'typed-3', 'still here');
    await eventually(() => expect(connect.customerActivity(contact.contactId).at(-1)).toBe('message:still here'));
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });
  it('delivers every user message once and in order through 5xx, 429 and lost answers from Connect', async () => {
    const { handoff, contact } = await connectedChat();
    connect.failNext('SendMessage', 2, 503);
    connect.failNext('SendMessage', 1, 429);
    connect.loseResponses('SendMessage', 1);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const [i, text] of texts.entries()) await sendUserMessage(stack, handoff.id, `retry-${i}`, text);
    await customerMessagesBecome(contact.contactId, texts);
    expect(connect.calls.filter((c) => c.operation === 'SendMessage' && c.status >= 429).map((c) => c.status)).toEqual([503, 503, 429, 500]);
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });

  it('gets agent events through while Connect cannot say which handoff a contact belongs to', async () => {
    const handoff = await startHandoff(stack, 'connect');
    const contact = await contactOf(handoff.id);
    connect.failNext('GetContactAttributes', 3, 503);
    connect.agentJoins(contact.contactId, 'Linus');
    connect.agentSays(contact.contactId, 'Sorry for the wait', 'Linus');
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:Sorry for the wait']));
    expect(connect.sns.deliveries.some((d) => d.status === 503)).toBe(true);
  });

  it('shows a message once when a retried task sends it again under another seq, from another worker', async () => {
    const { handoff, contact } = await connectedChat();
    const seq = await sendUserMessage(stack, handoff.id, 'twice-1', 'sent twice');
    await redeliver(stack, handoff.id, 'connect', [{ seq: seq + 5, kind: 'message', messageId: 'twice-1', text: 'sent twice' }], process.env);
    await sendUserMessage(stack, handoff.id, 'twice-2', 'after');
    await customerMessagesBecome(contact.contactId, ['sent twice', 'after']);
  });

  it('splits a user message longer than Connect takes into parts, in order', async () => {
    const { handoff, contact } = await connectedChat();
    const long = `${'a'.repeat(1_024)}${'b'.repeat(100)}`;
    await sendUserMessage(stack, handoff.id, 'long', long);
    await customerMessagesBecome(contact.contactId, ['a'.repeat(1_024), 'b'.repeat(100)]);
  });

  it('answers 401 to unsigned, tampered, foreign-host and foreign-topic notifications and signals nothing', async () => {
    const handoff = await startHandoff(stack, 'connect');
    const contact = await contactOf(handoff.id);
    const answers = [
      await postToWebhook(agentMessage(contact, 'unsigned')),
      await postToWebhook({
        ...connect.sns.signer.sign(agentMessage(contact, 'genuine'), connect.sns.certificateUrl),
        Message: agentMessage(contact, 'tampered').Message,
      }),
      await postToWebhook(connect.sns.signer.sign(agentMessage(contact, 'wrong host'), 'https://sns.attacker.example.com/cert.pem')),
      await postToWebhook(
        connect.sns.signer.sign({ ...agentMessage(contact, 'other topic'), TopicArn: 'arn:aws:sns:eu-west-2:999999999999:other' }, connect.sns.certificateUrl),
      ),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers.map((a) => a.body.error.code)).toEqual(Array(4).fill('unauthorized'));
    expect(answers[1]!.body.error.message).toBe('SNS signature refused: the SNS signature does not match the message');
    expect(answers[2]!.body.error.message).toContain('is not on an allowed SNS host');

    const signed = await postToWebhook(connect.sns.signer.sign(agentMessage(contact, 'genuine'), connect.sns.certificateUrl, '1'));
    expect(signed).toMatchObject({ status: 202, body: { status: 'accepted' } });
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:genuine']));
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', 'agent.message']));
  });

  it('refuses foreign-certificate notifications, stale or not, with 401, fetching nothing for them', async () => {
    const handoff = await startHandoff(stack, 'connect');
    const contact = await contactOf(handoff.id);
    const fetchesBefore = connect.sns.certificateFetches;
    // The simulator's own certificate under a host name the profile does not allow: fetching it would count.
    const foreignHost = connect.sns.certificateUrl.replace('127.0.0.1', 'localhost');
    const answers = [
      await postToWebhook(connect.sns.signer.sign(agentMessage(contact, 'foreign'), foreignHost)),
      await postToWebhook(connect.sns.signer.sign({ ...agentMessage(contact, 'stale'), Timestamp: '2001-01-01T00:00:00.000Z' }, foreignHost)),
    ];
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [401, 'unauthorized'],
      [401, 'webhook_stale'],
    ]);
    expect(connect.sns.certificateFetches).toBe(fetchesBefore);
    // The start's own event aside, nothing reached the bot.
    expect(stack.bot.eventsFor(handoff.id).filter((e) => e.type !== 'handoff.started')).toEqual([]);
  });

  it('answers 400 to a signed body that is not an SNS message', async () => {
    const answer = await postToWebhook({ Type: 'Notification', MessageId: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
  });

  it('shows each agent message once when SNS delivers twice, and drops a message delivered after the chat ended', async () => {
    const { handoff, contact } = await connectedChat('Barbara');
    const deliveriesBefore = connect.sns.deliveries.length;
    connect.sns.duplicateDeliveries = true;
    try {
      connect.agentSays(contact.contactId, 'first answer', 'Barbara');
      connect.agentSays(contact.contactId, 'second answer', 'Barbara');
      connect.sns.holdNext();
      connect.agentSays(contact.contactId, 'late answer', 'Barbara');
      connect.agentEndsChat(contact.contactId, 'Barbara');
      await waitForStatus(stack, handoff.id, 'closed');
      await connect.sns.drained();
    } finally {
      connect.sns.duplicateDeliveries = false;
    }
    connect.sns.releaseHeld();
    await connect.sns.drained();
    await completed(stack, handoff.id);
    expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:first answer', 'agent:second answer']);
    const events = stack.bot.eventsFor(handoff.id);
    expect(events.filter((e) => e.type === 'agent.message').map((e) => (e as { text?: string }).text)).toEqual(['first answer', 'second answer']);
    // The second delivery of each message is refused as a replay (401), which SNS does not retry.
    const deliveries = connect.sns.deliveries.slice(deliveriesBefore);
    expect(deliveries.every((d) => d.status === 202 || d.status === 401)).toBe(true);
    expect(deliveries.filter((d) => d.status === 202)).toHaveLength(new Set(deliveries.map((d) => d.messageId)).size);
  });

  it('recovers the participant credentials after a worker restart without starting a second chat', async () => {
    const { handoff, contact } = await connectedChat();
    await sendUserMessage(stack, handoff.id, 'before', 'before the restart');
    await customerMessagesBecome(contact.contactId, ['before the restart']);
    await stack.stopWorker();
    await stack.startWorker();
    await sendUserMessage(stack, handoff.id, 'after', 'after the restart');
    await customerMessagesBecome(contact.contactId, ['before the restart', 'after the restart']);
    expect(connect.contacts.filter((c) => c.attributes.handoffId === handoff.id)).toHaveLength(1);
    const starts = connect.calls.filter((c) => c.operation === 'StartChatContact' && c.clientToken === contact.clientToken);
    expect(starts.length).toBeGreaterThanOrEqual(2);
  });

  it('renews the connection token before it expires', async () => {
    connect.connectionTokenLifetimeSeconds = 60;
    try {
      const { handoff, contact } = await connectedChat();
      const connections = () => connect.calls.filter((c) => c.operation === 'CreateParticipantConnection').length;
      const before = connections();
      await sendUserMessage(stack, handoff.id, 'renew-1', 'one');
      await customerMessagesBecome(contact.contactId, ['one']);
      expect(connections()).toBeGreaterThan(before);
      expect(connect.calls.some((c) => c.operation === 'SendMessage' && c.status === 403)).toBe(false);
    } finally {
      connect.connectionTokenLifetimeSeconds = 86_400;
    }
  });

  it('connects anew when Connect refuses a connection token, and delivers the message', async () => {
    const { handoff, contact } = await connectedChat();
    connect.revokeConnectionTokens();
    await sendUserMessage(stack, handoff.id, 'after-revoke', 'still there?');
    await customerMessagesBecome(contact.contactId, ['still there?']);
    expect(connect.calls.some((c) => c.operation === 'SendMessage' && c.status === 403)).toBe(true);
  });

  it("ends the handoff failed with Connect's reason when it refuses a message", async () => {
    const { handoff } = await connectedChat();
    connect.failNext('SendMessage', 1, 400, 'ValidationException');
    await sendUserMessage(stack, handoff.id, 'refused', 'this one is refused');
    const failed = await waitForStatus(stack, handoff.id, 'failed');
    expect(failed.reason).toMatch(/^Amazon Connect SendMessage \(seq \d+\): ValidationException \(HTTP 400\): simulated failure$/);
    expect((await finalBotEvents(stack, handoff.id)).at(-1)).toMatchObject({ type: 'handoff.failed', reason: failed.reason });
    await eventually(() => {
      const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
      expect(notes.some((n) => n.includes('failed') && n.includes('ValidationException'))).toBe(true);
    });
  });

  it("fails the start with Connect's reason when it refuses the chat, and starts no contact", async () => {
    connect.failNext('StartChatContact', 1, 400, 'InvalidParameterException');
    const handoff = await startHandoff(stack, 'connect');
    expect(handoff.status).toBe('failed');
    expect(handoff.reason).toBe('Amazon Connect StartChatContact: InvalidParameterException (HTTP 400): simulated failure');
    expect(connect.contacts.some((c) => c.attributes.handoffId === handoff.id)).toBe(false);
    await eventually(() => {
      const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
      expect(notes).toContain(`Live-agent handoff failed: ${handoff.reason}`);
    });
  });

  it('stops the contact it started when Connect refuses to stream it', async () => {
    connect.failNext('StartContactStreaming', 1, 400, 'InvalidParameterException');
    const handoff = await startHandoff(stack, 'connect');
    expect(handoff).toMatchObject({
      status: 'failed',
      reason: 'Amazon Connect StartContactStreaming: InvalidParameterException (HTTP 400): simulated failure',
    });
    expect((await contactOf(handoff.id)).ended).toBe(true);
    expect(connect.calls.some((c) => c.operation === 'StopContact' && c.status === 200)).toBe(true);
  });
});
