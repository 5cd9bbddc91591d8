/**
 * Who may write what on the local desk, on the real stack: a visitor names no ticket or handoff it
 * was not given; an agent acts only on the chat they hold (a supervisor on any, recorded as such),
 * and every line carries the name of who wrote it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartOf, screenshotPng } from '../attachments/sample-files';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

/** A url-mode handoff: its ticket, and the redirect to the desk's chat page the bot was given. */
async function redirected(): Promise<{ id: string; ticketNumber: string; redirect: URLSearchParams }> {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'url' }));
  expect(answer.body).toMatchObject({ status: 'redirected', ticket: { number: expect.any(String) } });
  return { id: answer.body.id, ticketNumber: answer.body.ticket.number, redirect: new URL(answer.body.redirectUrl).searchParams };
}

/** A chat started on the desk's chat page, by someone with no account and no cookie. */
const startChat = (body: Record<string, unknown>) =>
  stack.call(
    'POST',
    '/desk/api/visitor/chats',
    { text: 'Caller verified: reset the password and mail it to me', name: 'IT Security Team', ...body },
    { cookie: '' },
  );

describe("what a visitor of the desk's chat page may name", () => {
  it('refuses a ticket or a handoff its redirect did not give (403), and nothing reaches that ticket', async () => {
    const victim = await redirected();
    const mine = await redirected();
    const notesBefore = stack.desk.store.ticket(victim.ticketNumber)!.workNotes.length;
    const forgeries = [
      { ticketNumber: victim.ticketNumber },
      { handoffId: victim.id },
      { handoffId: victim.id, ticketNumber: victim.ticketNumber, grant: 'made-up' },
      // A grant is for the handoff and ticket of its own redirect only.
      { handoffId: mine.id, ticketNumber: victim.ticketNumber, grant: mine.redirect.get('grant') },
      { handoffId: victim.id, ticketNumber: mine.ticketNumber, grant: mine.redirect.get('grant') },
    ];
    for (const forged of forgeries) {
      const answer = await startChat(forged);
      expect(answer.status, JSON.stringify(forged)).toBe(403);
      expect(answer.body.error).toEqual({ code: 'chat_page_grant_invalid', message: expect.stringContaining('link the bot gave you') });
    }
    expect(stack.desk.store.openChats().filter((chat) => chat.ticketNumber === victim.ticketNumber || chat.handoffId === victim.id)).toEqual([]);
    expect(stack.desk.store.ticket(victim.ticketNumber)!.workNotes).toHaveLength(notesBefore);
  });

  it('takes the handoff and ticket of the redirect it came by, as the redirect carried them', async () => {
    const { id, ticketNumber, redirect } = await redirected();
    expect(redirect.get('handoff')).toBe(id);
    expect(redirect.get('ticket')).toBe(ticketNumber);
    const answer = await startChat({ handoffId: redirect.get('handoff'), ticketNumber: redirect.get('ticket'), grant: redirect.get('grant') });
    expect(answer.status).toBe(201);
    expect(stack.desk.store.chat(answer.body.chatId)).toMatchObject({ mode: 'direct', handoffId: id, ticketNumber });
    // Without a handoff or a ticket, anyone may start a chat of their own.
    expect((await startChat({})).status).toBe(201);
  });
});

/** A brokered handoff whose chat `agent` accepted on the desk. */
async function heldBy(agent: string): Promise<{ id: string; ticketNumber: string; chatId: string }> {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request());
  const chat = await eventually(() => stack.chatFor(answer.body.id) ?? expect.fail('not on the desk yet'));
  expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, {}, await stack.signedInAs(agent))).status).toBe(200);
  await eventually(async () => expect((await stack.call('GET', stack.handoffPath(answer.body.id))).body.status).toBe('connected'));
  return { id: answer.body.id, ticketNumber: answer.body.ticket.number, chatId: chat.chatId };
}

async function uploadAs(agent: string, chatId: string): Promise<{ status: number; body: any }> {
  const file = screenshotPng('who-may-write');
  const response = await fetch(`${stack.deskUrl}/api/chats/${chatId}/attachments`, {
    method: 'POST',
    headers: { ...(await stack.signedInAs(agent)), 'x-desk-upload': '1' },
    body: multipartOf(file),
  });
  return { status: response.status, body: await response.json() };
}

describe("who may act on an agent's chat", () => {
  beforeAll(async () => {
    await stack.desk.saveAgent('Sue', stack.agentPassword, 'supervisor');
  });

  it("refuses another agent's message, typing, file, transfer and close (403), and leaves the chat with the agent who holds it", async () => {
    const { id, chatId } = await heldBy('Bob');
    const carol = await stack.signedInAs('Carol');
    const chat = `/desk/api/chats/${chatId}`;
    const attempts = [
      await stack.call('POST', `${chat}/messages`, { text: 'Caller verified, reset the password' }, carol),
      await stack.call('POST', `${chat}/typing`, { typing: true }, carol),
      await uploadAs('Carol', chatId),
      await stack.call('POST', `${chat}/transfer`, { agentName: 'Carol' }, carol),
      await stack.call('POST', `${chat}/transfer`, { queue: 'General' }, carol),
      await stack.call('POST', `${chat}/close`, {}, carol),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBe(403);
      expect(answer.body.error).toEqual({
        code: 'chat_held_by_another',
        message: 'Bob holds this chat: only Bob or a supervisor can write, type, send files, transfer or close it',
      });
    }
    expect(stack.desk.store.chat(chatId)).toMatchObject({ status: 'active', agentName: 'Bob' });
    expect(stack.desk.store.messages(chatId).map((m) => m.text)).not.toContain('Caller verified, reset the password');

    expect((await stack.call('POST', `${chat}/messages`, { text: 'Bob here' }, await stack.signedInAs('Bob'))).status).toBe(201);
    await eventually(() =>
      expect(stack.bot.eventsFor(id).filter((e) => e.type === 'agent.message')).toEqual([expect.objectContaining({ text: 'Bob here', agentName: 'Bob' })]),
    );
  });

  it('lets any agent accept a waiting chat, and only a supervisor transfer or close it', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request());
    const { chatId } = await eventually(() => stack.chatFor(answer.body.id) ?? expect.fail('not on the desk yet'));
    const carol = await stack.signedInAs('Carol');
    const closing = await stack.call('POST', `/desk/api/chats/${chatId}/close`, {}, carol);
    expect(closing.status).toBe(403);
    expect(closing.body.error).toEqual({
      code: 'chat_held_by_another',
      message: 'the chat waits in a queue: accept it to act on it (only a supervisor transfers or closes a waiting chat)',
    });
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/transfer`, { agentName: 'Carol' }, carol)).status).toBe(403);
    const dispatched = await stack.call('POST', `/desk/api/chats/${chatId}/transfer`, { agentName: 'Carol' }, await stack.signedInAs('Sue'));
    expect(dispatched.body).toMatchObject({ status: 'active', agentName: 'Carol' });
    expect(stack.desk.store.messages(chatId).at(-1)).toMatchObject({ from: 'system', text: 'Sue (supervisor) transferred the chat to Carol' });
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Carol here' }, carol)).status).toBe(201);
  });

  it('names every line after who wrote it: a supervisor who takes over is recorded so on the desk, in the transcript, the bot events and the ticket', async () => {
    const { id, ticketNumber, chatId } = await heldBy('Bob');
    const chat = `/desk/api/chats/${chatId}`;
    const bob = await stack.signedInAs('Bob');
    const sue = await stack.signedInAs('Sue');
    expect((await stack.call('POST', `${chat}/messages`, { text: 'Let me look' }, bob)).status).toBe(201);
    expect((await stack.call('POST', `${chat}/messages`, { text: 'I will take this one' }, sue)).status).toBe(201);
    expect(stack.desk.store.chat(chatId)).toMatchObject({ status: 'active', agentName: 'Sue' });
    // Bob no longer holds the chat.
    expect((await stack.call('POST', `${chat}/messages`, { text: 'Still here' }, bob)).status).toBe(403);
    expect((await stack.call('POST', `${chat}/close`, {}, sue)).status).toBe(200);

    const desk = (await stack.call('GET', chat, undefined, bob)).body.messages.map((m: { from: string; name?: string; text: string }) => [
      m.from,
      m.name,
      m.text,
    ]);
    expect(desk.slice(1)).toEqual([
      ['system', undefined, 'Bob joined'],
      ['agent', 'Bob', 'Let me look'],
      ['system', undefined, 'Sue (supervisor) took over the chat from Bob'],
      ['agent', 'Sue', 'I will take this one'],
      ['system', undefined, 'Sue closed the chat'],
    ]);
    await eventually(() => expect(stack.bot.eventsFor(id).at(-1)?.type).toBe('handoff.closed'));
    expect(
      stack.bot
        .eventsFor(id)
        .filter((e) => e.type.startsWith('agent.'))
        .map((e) => [e.type, e.agentName, e.text ?? e.to]),
    ).toEqual([
      ['agent.joined', 'Bob', undefined],
      ['agent.message', 'Bob', 'Let me look'],
      ['agent.transferred', 'Sue', 'Sue (supervisor)'],
      ['agent.joined', 'Sue', undefined],
      ['agent.message', 'Sue', 'I will take this one'],
    ]);
    const transcript = (await stack.call('GET', stack.handoffPath(id, '/transcript'))).body.messages;
    expect(transcript.filter((m: { from: string }) => m.from !== 'user').map((m: { name?: string; text: string }) => [m.name, m.text])).toEqual([
      ['Bob', 'Let me look'],
      [undefined, 'Transferred to Sue (supervisor)'],
      ['Sue', 'I will take this one'],
    ]);
    await eventually(() =>
      expect(stack.desk.store.ticket(ticketNumber)!.workNotes.at(-1)!.text).toMatch(
        /Bob: Let me look\n.*system: Transferred to Sue \(supervisor\)\n.*Sue: I will take this one/,
      ),
    );
  });
});
