/**
 * Who may write what on the local desk, on the real stack: a visitor names no ticket or handoff it
 * was not given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffStack } from '../support/stack';

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
