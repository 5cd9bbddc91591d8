import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback, SIGNATURE_HEADER } from '../../activities/callback-signature';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

/** Reads a server-sent event stream until `enough` says so (or 10 s pass), then hangs up. */
async function readEvents(urlPath: string, enough: (events: any[]) => boolean, headers: Record<string, string> = {}): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const events: any[] = [];
  try {
    const response = await fetch(`${stack.apiUrl}${urlPath}`, { headers, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop()!;
      for (const block of blocks) for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
      if (enough(events)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

async function startDirectChat(body: Record<string, unknown> = {}) {
  const started = await stack.call('POST', '/desk/api/visitor/chats', { text: 'The printer is on fire', name: 'Ada', ...body });
  expect(started.status).toBe(201);
  const chat = started.body as { chatId: string; joinPath: string; joinUrl: string };
  // The user's browser opens the join link, which trades its token for the chat's visitor cookie.
  return { ...chat, visitor: { cookie: await stack.visitorCookie(chat.joinPath) } };
}

describe("the desk's visitor API", () => {
  it('starts a direct chat that waits in the queue and answers a join link', async () => {
    const chat = await startDirectChat();
    expect(chat.joinUrl).toBe(`${stack.deskUrl}${chat.joinPath}`);
    const queue = await stack.call('GET', '/desk/api/queue');
    expect(queue.body.find((c: { chatId: string }) => c.chatId === chat.chatId)).toMatchObject({
      mode: 'direct',
      lastUtterance: 'The printer is on fire',
      user: { name: 'Ada' },
    });
    const view = await stack.call('GET', `/desk/api/visitor/chats/${chat.chatId}`, undefined, chat.visitor);
    expect(view.body).toMatchObject({ status: 'queued', position: expect.any(Number), messages: [{ from: 'user', text: 'The printer is on fire' }] });
  });

  it('answers 400 with the failing fields when a chat is started without a message or with a bad email', async () => {
    const answer = await stack.call('POST', '/desk/api/visitor/chats', { text: '  ', email: 'nope' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'text', message: 'write what you need help with' },
        { path: 'email', message: 'is not an email address' },
      ]),
    );
  });

  it('refuses a chat without its join token (401), and a brokered chat even with it (409)', async () => {
    const chat = await startDirectChat();
    const wrong = await stack.call('GET', `/desk/api/visitor/chats/${chat.chatId}?token=not-the-token`, undefined, { cookie: '' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');

    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const brokered = stack.chatFor(handoff.id)!;
    const link = `/join/${brokered.chatId}?token=${stack.desk.store.joinLinks.issue(brokered.chatId)}`;
    const refused = await stack.call(
      'POST',
      `/desk/api/visitor/chats/${brokered.chatId}/messages`,
      { text: 'hi' },
      { cookie: await stack.visitorCookie(link) },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('chat_brokered');
  });

  it('sends no event of a direct chat to Handoff, and notes its transcript on the ticket its redirect carried when it closes', async () => {
    const redirected = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'url' }))).body;
    const ticket = redirected.ticket as { number: string };
    const query = new URL(redirected.redirectUrl).searchParams;
    const chat = await startDirectChat({ handoffId: query.get('handoff'), ticketNumber: query.get('ticket'), grant: query.get('grant') });
    const pendingBefore = stack.desk.store.pendingEvents().length;
    await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, { agentName: 'Grace' });
    await stack.call('POST', `/desk/api/chats/${chat.chatId}/messages`, { text: 'On my way' });
    const said = await stack.call('POST', `/desk/api/visitor/chats/${chat.chatId}/messages`, { text: 'Hurry' }, chat.visitor);
    expect(said.status).toBe(201);
    await stack.call('POST', `/desk/api/chats/${chat.chatId}/close`);
    expect(stack.desk.store.pendingEvents().length).toBe(pendingBefore);
    const notes = stack.desk.store.ticket(ticket.number)!.workNotes.map((n) => n.text);
    expect(notes.at(-1)).toMatch(/Desk chat closed\. Transcript:[\s\S]*Grace: On my way[\s\S]*user: Hurry/);
    const late = await stack.call('POST', `/desk/api/visitor/chats/${chat.chatId}/messages`, { text: 'hello?' }, chat.visitor);
    expect(late.status).toBe(409);
  });

  it("ends an api-mode handoff as closed with reason user-left when the user leaves the desk's chat", async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'api' }))).body;
    const visitor = { cookie: await stack.visitorCookie(handoff.redirectUrl) };
    const chatId = stack.chatFor(handoff.id)!.chatId;
    const left = await stack.call('POST', `/desk/api/visitor/chats/${chatId}/leave`, undefined, visitor);
    expect(left.status).toBe(200);
    await eventually(async () =>
      expect((await stack.call('GET', stack.handoffPath(handoff.id))).body).toMatchObject({ status: 'closed', reason: 'user-left' }),
    );
  });
});

describe("the desk's live feed", () => {
  it('tells the agent page first that it is live, then which chat changed', async () => {
    const reading = readEvents('/desk/api/events', (events) => events.some((e) => e.type === 'chat'), { cookie: await stack.agentCookie() });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const chat = await startDirectChat();
    const events = await reading;
    expect(events[0]).toEqual({ type: 'ready' });
    expect(events).toContainEqual({ type: 'chat', chatId: chat.chatId });
  });
});

describe('the bot demo', () => {
  async function newConversation(): Promise<string> {
    const created = await stack.call('POST', '/demo/api/conversations');
    expect(created.status).toBe(201);
    expect(created.body.profiles).toEqual([
      { name: 'default', mode: 'broker' },
      { name: 'url', mode: 'url' },
      { name: 'api', mode: 'api' },
    ]);
    return created.body.conversationId;
  }

  function callback(conversationId: string, body: string, signature: string) {
    return fetch(`${stack.apiUrl}/demo/api/callbacks/${conversationId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
      body,
    });
  }

  it('refuses a callback whose signature does not match, and takes a redelivered event once, whatever its seq', async () => {
    const conversationId = await newConversation();
    const event = {
      handoffId: 'handoff/default/x',
      eventId: 'chain/agent/desk-1',
      seq: 1,
      type: 'agent.message',
      at: new Date().toISOString(),
      text: 'Hello from the agent',
      agentName: 'Grace',
    };
    const body = JSON.stringify(event);
    const redelivered = JSON.stringify({ ...event, seq: 2 });
    expect((await callback(conversationId, body, signCallback('some-other-secret', body))).status).toBe(401);
    expect((await callback(conversationId, body, signCallback(stack.callbackSecret, body))).status).toBe(200);
    expect((await callback(conversationId, redelivered, signCallback(stack.callbackSecret, redelivered))).status).toBe(200);

    const lines = await readEvents(`/demo/api/conversations/${conversationId}/events`, (events) => events.length >= 2);
    expect(lines.filter((line) => line.kind === 'said' && line.from === 'agent')).toEqual([
      expect.objectContaining({ text: 'Hello from the agent', name: 'Grace' }),
    ]);
  });

  it("answers Handoff's callbacks at once, so every event of a brokered chat goes out from the first, local try", async () => {
    const conversationId = await newConversation();
    const started = await stack.call('POST', `/demo/api/conversations/${conversationId}/handoff`, { profile: 'default', name: 'Ada' });
    expect(started.status).toBe(200);
    const handoffId: string = started.body.id;
    const chat = await eventually(() => stack.chatFor(handoffId) ?? expect.fail('not on the desk yet'));
    expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
    expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/close`)).status).toBe(200);
    const lines = await readEvents(`/demo/api/conversations/${conversationId}/events`, (events) =>
      events.some((line) => line.kind === 'handoff' && line.handoff.status === 'closed'),
    );
    expect(lines.filter((line) => line.kind === 'said' && line.from === 'system').map((line) => line.text)).toEqual(['Grace joined the chat']);

    // The bot's joined and closed handlers ask Handoff for the handoff's view, which waits for the
    // workflow task their delivery runs in: asked before answering, the local try timed out and a
    // regular activity delivered again.
    await eventually(async () => expect((await stack.client.workflow.getHandle(handoffId).describe()).status.name).toBe('COMPLETED'));
    const history = await stack.client.workflow.getHandle(handoffId).fetchHistory();
    const retried = (history.events ?? []).filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverToBot');
    expect(retried).toEqual([]);
  });

  it('passes the API error on in its own words when a message cannot reach the handoff', async () => {
    const conversationId = await newConversation();
    const answer = await stack.call('POST', `/demo/api/conversations/${conversationId}/messages`, { messageId: 'm-1', text: '' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual([{ path: 'text', message: 'write a message first' }]);
    const unknown = await stack.call('POST', '/demo/api/conversations/nope/leave');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('conversation_not_found');
  });
});
