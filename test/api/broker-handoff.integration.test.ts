import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffModeKey, HandoffPlatformKey, HandoffProfileKey, HandoffStatusKey, TicketNumberKey } from '../../workflows/search-attributes';
import { eventually, HandoffStack } from '../support/stack';
import { redeliver } from '../support/redeliver';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

async function startBrokered(overrides: Record<string, unknown> = {}) {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request(overrides));
  expect(answer.status).toBe(200);
  return answer.body;
}

async function acceptAs(handoffId: string, agentName: string) {
  const chat = await eventually(() => {
    const found = stack.chatFor(handoffId);
    if (!found) throw new Error('no desk chat yet');
    return found;
  });
  const accepted = await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, { agentName });
  expect(accepted.status).toBe(200);
  return chat.chatId;
}

async function waitForStatus(handoffId: string, status: string) {
  return eventually(async () => {
    const view = await stack.call('GET', stack.handoffPath(handoffId));
    expect(view.body.status).toBe(status);
    return view.body;
  });
}

describe('brokered handoff on the local desk', () => {
  it('relays a whole conversation both ways and files the transcript when the agent closes', async () => {
    const handoff = await startBrokered();
    expect(handoff).toMatchObject({
      status: 'queued',
      mode: 'broker',
      platform: 'local-desk',
      profile: 'default',
      queue: { name: 'General', position: expect.any(Number) },
    });
    expect(handoff.id).toBe(`handoff/default/${handoff.conversationId}`);
    expect(handoff.ticket.number).toMatch(/^LOC\d{7}$/);
    expect(handoff.links.temporalUi).toContain(encodeURIComponent(handoff.id));

    const queue = await stack.call('GET', '/desk/api/queue');
    const waiting = queue.body.find((c: { handoffId: string }) => c.handoffId === handoff.id);
    expect(waiting).toMatchObject({ lastUtterance: 'My VPN keeps dropping', user: { name: 'Ada Lovelace' } });

    const chatId = await acceptAs(handoff.id, 'Grace');
    await waitForStatus(handoff.id, 'connected');

    for (const [i, text] of ['first', 'second', 'third'].entries()) {
      const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: `m-${i}`, text });
      expect(sent.status).toBe(202);
      expect(sent.body.seq).toEqual(expect.any(Number));
    }
    await stack.call('POST', `/desk/api/chats/${chatId}/typing`, { typing: true });
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Hello Ada, I can help' });
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Please restart the client' });

    await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      const userTexts = chat.body.messages.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text);
      expect(userTexts).toEqual(['My VPN keeps dropping', 'first', 'second', 'third']);
    });

    const closed = await stack.call('POST', `/desk/api/chats/${chatId}/close`);
    expect(closed.status).toBe(200);
    const ended = await waitForStatus(handoff.id, 'closed');
    expect(ended.reason).toBe('agent-closed');
    await eventually(async () => {
      const attributes = (await stack.client.workflow.getHandle(handoff.id).describe()).typedSearchAttributes;
      expect([HandoffStatusKey, HandoffModeKey, HandoffPlatformKey, HandoffProfileKey, TicketNumberKey].map((key) => attributes.get(key))).toEqual([
        'closed',
        'broker',
        'local-desk',
        'default',
        handoff.ticket.number,
      ]);
    });

    const events = await eventually(() => {
      const received = stack.bot.eventsFor(handoff.id);
      expect(received.at(-1)?.type).toBe('handoff.closed');
      return received;
    });
    expect(events.map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', 'agent.typing', 'agent.message', 'agent.message', 'handoff.closed']);
    expect(events.filter((e) => e.type === 'agent.message').map((e) => e.text)).toEqual(['Hello Ada, I can help', 'Please restart the client']);
    expect(events[1]).toMatchObject({ agentName: 'Grace' });
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(stack.bot.rejectedSignatures).toEqual([]);

    const transcript = await stack.call('GET', stack.handoffPath(handoff.id, '/transcript'));
    expect(transcript.body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`)).toEqual([
      'user:first',
      'user:second',
      'user:third',
      'agent:Hello Ada, I can help',
      'agent:Please restart the client',
    ]);

    const ticket = await eventually(() => {
      const found = stack.desk.store.ticket(handoff.ticket.number)!;
      expect(found.workNotes).toHaveLength(2);
      return found;
    });
    expect(ticket.shortDescription).toBe('[Live agent] VPN drops every few minutes');
    expect(ticket.description).toContain('Last utterance: My VPN keeps dropping');
    expect(ticket.description).toContain('bot: Have you tried reconnecting?');
    expect(ticket.workNotes[0]!.text).toContain('Fix VPN drops');
    expect(ticket.workNotes[0]!.text).toContain('https://kb.example.com/vpn');
    expect(ticket.workNotes[1]!.text).toContain('Transcript');
    expect(ticket.workNotes[1]!.text).toMatch(/user: first[\s\S]*user: third[\s\S]*Grace: Please restart the client/);
  });

  it("relays an agent's answer of 10,000 characters (a pasted log) whole to the bot, the transcript and the ticket, and refuses a longer one saying the limit", async () => {
    const handoff = await startBrokered();
    const chatId = await acceptAs(handoff.id, 'Grace');
    await waitForStatus(handoff.id, 'connected');
    const line = (i: number) => `${String(i).padStart(4, '0')} 2026-03-02T09:00:00Z vpnd[311]: tunnel reset by peer, retrying in 5 s`;
    const log = Array.from({ length: 200 }, (_, i) => line(i))
      .join('\n')
      .slice(0, 10_000);
    expect(log).toHaveLength(10_000);

    const tooLong = await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: `${log}!` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'text', message: "an agent's message has at most 10,000 characters" }],
    });
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: log })).status).toBe(201);

    await eventually(() => expect(stack.bot.eventsFor(handoff.id).find((e) => e.type === 'agent.message')).toMatchObject({ text: log, agentName: 'Grace' }));
    const transcript = await stack.call('GET', stack.handoffPath(handoff.id, '/transcript'));
    expect(transcript.body.messages.find((m: { from: string }) => m.from === 'agent')).toMatchObject({ text: log, name: 'Grace' });
    await stack.call('POST', `/desk/api/chats/${chatId}/close`);
    await eventually(() => expect(stack.desk.store.ticket(handoff.ticket.number)!.workNotes.at(-1)!.text).toContain(`Grace: ${log}`));
  });

  it('answers a repeated start for the same conversation with the running handoff', async () => {
    const request = stack.request();
    const [first, second] = await Promise.all([stack.call('POST', '/v1/handoffs', request), stack.call('POST', '/v1/handoffs', request)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.ticket).toEqual(first.body.ticket);
    const again = await stack.call('POST', '/v1/handoffs', request);
    expect(again.body).toMatchObject({ id: first.body.id, createdAt: first.body.createdAt, status: 'queued' });
    const chats = stack.desk.store.openChats().filter((c) => c.handoffId === first.body.id);
    expect(chats).toHaveLength(1);
    expect(stack.desk.store.tickets().filter((t) => t.number === first.body.ticket.number)).toHaveLength(1);
  });

  it("relays the user's typing to the desk's live feed, in order with the user's messages", async () => {
    const handoff = await startBrokered();
    const chatId = await acceptAs(handoff.id, 'Grace');
    await waitForStatus(handoff.id, 'connected');
    const userTexts = () =>
      stack.desk.store
        .messages(chatId)
        .filter((m) => m.from === 'user')
        .map((m) => m.text);
    const seen: string[] = [];
    const unsubscribe = stack.desk.feed.subscribe((change) => {
      if (change.type === 'user-typing' && change.chatId === chatId) seen.push(`typing:${change.typing} after ${userTexts().join('|')}`);
    });
    try {
      const typing = (value?: boolean) => stack.call('POST', stack.handoffPath(handoff.id, '/typing'), value === undefined ? {} : { typing: value });
      const started = await typing();
      expect(started).toEqual({ status: 202, body: {} });
      await eventually(() => expect(seen).toEqual(['typing:true after My VPN keeps dropping']));
      await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'typed-1', text: 'typed this' });
      expect((await typing(false)).status).toBe(202);
      await eventually(() => expect(seen).toEqual(['typing:true after My VPN keeps dropping', 'typing:false after My VPN keeps dropping|typed this']));
    } finally {
      unsubscribe();
    }
  });

  it('refuses user typing at the desk integration API without the desk secret', async () => {
    const handoff = await startBrokered();
    const chatId = await acceptAs(handoff.id, 'Grace');
    const path = `/desk/api/integration/chats/${chatId}/user-typing`;
    expect((await stack.call('POST', path, { typing: true }, { authorization: '' })).status).toBe(401);
    expect((await stack.call('POST', path, { typing: 'yes' }, { authorization: '', 'x-desk-secret': stack.deskSecret })).status).toBe(400);
    const taken = await stack.call('POST', path, { typing: true }, { authorization: '', 'x-desk-secret': stack.deskSecret });
    expect(taken).toEqual({ status: 202, body: { chatStatus: 'active' } });
  });

  it('takes a user message with the same messageId once', async () => {
    const handoff = await startBrokered();
    const chatId = await acceptAs(handoff.id, 'Linus');
    const one = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'dup-1', text: 'only once' });
    const two = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'dup-1', text: 'only once' });
    expect(two.status).toBe(202);
    expect(two.body.seq).toBe(one.body.seq);
    await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'dup-2', text: 'after' });
    await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      const texts = chat.body.messages.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text);
      expect(texts).toEqual(['My VPN keeps dropping', 'only once', 'after']);
    });
    const transcript = await stack.call('GET', stack.handoffPath(handoff.id, '/transcript'));
    expect(transcript.body.messages.filter((m: { text: string }) => m.text === 'only once')).toHaveLength(1);
  });

  it('shows a message once when a retried task sends it again under another seq', async () => {
    const handoff = await startBrokered();
    const chatId = await acceptAs(handoff.id, 'Radia');
    const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'again-1', text: 'sent twice' });
    await redeliver(stack, handoff.id, 'default', [{ seq: sent.body.seq + 5, kind: 'message', messageId: 'again-1', text: 'sent twice' }]);
    await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'again-2', text: 'after' });
    await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      const texts = chat.body.messages.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text);
      expect(texts).toEqual(['My VPN keeps dropping', 'sent twice', 'after']);
    });
  });

  it('ends as cancelled when the user leaves, ends the desk chat and refuses later messages with 409', async () => {
    const handoff = await startBrokered();
    const chatId = await acceptAs(handoff.id, 'Barbara');
    await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'bye', text: 'never mind, it works now' });
    const cancelled = await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'user-left' });

    await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      expect(chat.body.status).toBe('closed');
      expect(chat.body.messages.map((m: { text: string }) => m.text)).toContain('never mind, it works now');
    });
    await eventually(async () => {
      const late = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'late', text: 'hello?' });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('session_not_open');
    });
    const again = await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    expect(again.status).toBe(409);
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'user-left' }));
  });

  it('starts a new run for the same conversation after the first one closed', async () => {
    const request = stack.request();
    const first = (await stack.call('POST', '/v1/handoffs', request)).body;
    await stack.call('POST', stack.handoffPath(first.id, '/cancel'));
    await eventually(async () => {
      const describe = await stack.client.workflow.getHandle(first.id).describe();
      expect(describe.status.name).toBe('COMPLETED');
    });
    const second = await stack.call('POST', '/v1/handoffs', request);
    expect(second.body).toMatchObject({ id: first.id, status: 'queued' });
    expect(second.body.ticket.number).not.toBe(first.ticket.number);
  });
});
