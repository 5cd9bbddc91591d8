import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

describe("an api-mode handoff's ticket", () => {
  it('notes that the user was sent a link, never the link or its token', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'api' }))).body;
    const token = new URL(handoff.redirectUrl).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(20);
    const tickets = await eventually(async () => {
      const answer = await stack.call('GET', '/desk/api/tickets');
      const ticket = answer.body.find((t: { number: string }) => t.number === handoff.ticket.number);
      expect(ticket.workNotes.map((n: { text: string }) => n.text)).toContain(
        'The user was placed in queue Service desk on local-desk and sent a private link to join the chat (not noted here: whoever holds it joins as the user)',
      );
      return JSON.stringify(answer.body);
    });
    expect(tickets).not.toContain(token);
    expect(tickets).not.toContain('/desk/join/');

    // The link still works for the user, once.
    const visitor = await stack.visitorCookie(handoff.redirectUrl);
    expect(visitor).toMatch(/^handoff_visitor_/);
    const again = await fetch(handoff.redirectUrl, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(again.status).toBe(410);
  });
});
