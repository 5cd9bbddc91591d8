/**
 * The extractive summary on the real dev server: made inside the start and carried by the view, the
 * bot's `handoff.started`, the desk's chat (shown first) and the top of the ticket's description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

const EXPECTED_TEXT = [
  'Situation: VPN drops every few minutes (category IT, department Sales)',
  'Tried: the bot showed "Fix VPN drops" (https://kb.example.com/vpn); it said "Have you tried reconnecting?"',
  'Ask: "My VPN keeps dropping"',
].join('\n');

describe('the summary for the agent', () => {
  it('reaches the view, the bot’s handoff.started, the desk’s chat and the ticket from the start', async () => {
    const started = await stack.call('POST', '/v1/handoffs', stack.request());
    expect(started.status).toBe(200);
    const summary = { text: EXPECTED_TEXT, provider: 'extractive', fellBack: false };
    expect(started.body.summary).toEqual(summary);

    const event = await eventually(() => {
      const found = stack.bot.eventsFor(started.body.id).find((e: { type: string }) => e.type === 'handoff.started');
      expect(found).toBeDefined();
      return found;
    });
    expect(event).toMatchObject({
      eventId: expect.stringMatching(/\/started$/),
      summary,
      queue: { name: 'General' },
      ticket: { number: started.body.ticket.number },
    });

    const chatId = await eventually(() => stack.chatFor(started.body.id)!.chatId);
    const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
    expect(chat.body.summary).toEqual(summary);

    const tickets = await stack.call('GET', '/desk/api/tickets');
    const ticket = tickets.body.find((t: { number: string }) => t.number === started.body.ticket.number);
    expect(ticket.description.startsWith(`Summary:\n${EXPECTED_TEXT}\n`)).toBe(true);
  });

  it('is not made for a handoff the rule refuses', async () => {
    const refused = await HandoffStack.start({ config: "profiles:\n  default: { mode: broker, platform: local-desk, triggerRule: 'false' }\n" });
    try {
      const started = await refused.call('POST', '/v1/handoffs', refused.request());
      expect(started.body.status).toBe('not_eligible');
      expect(started.body.summary).toBeUndefined();
    } finally {
      await refused.stop();
    }
  });
});
