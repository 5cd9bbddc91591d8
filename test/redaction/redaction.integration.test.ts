/**
 * Redaction on the real dev server: a card number and an SSN never reach the desk, the ticket, the
 * transcript an agent-side reader gets or the workflow's history (from which every worker log line
 * is made), while an order number that fails Luhn does; the desk says what was redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';
import { payloadsIn, rawHistory } from '../security/history-payloads';

const CARD = '4111 1111 1111 1111';
const SSN = '078-05-1120';
const ORDER = '1234567812345678';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    redact: [card-number, ssn, iban, { pattern: 'ORD-[0-9]{8}', label: order }]
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

describe('redaction of the user’s text', () => {
  it('marks card numbers and SSNs on the desk, the ticket and in history, and leaves an order number that fails Luhn', async () => {
    const started = await stack.call(
      'POST',
      '/v1/handoffs',
      stack.request({
        issue: { lastUtterance: `I was charged twice on ${CARD}`, category: 'Billing', details: `order ${ORDER}` },
        transcript: [
          { from: 'user', text: `my card is ${CARD}` },
          { from: 'bot', text: 'Let me check ORD-12345678' },
        ],
      }),
    );
    expect(started.status).toBe(200);
    const handoffId = started.body.id as string;
    const chatId = await eventually(() => stack.chatFor(handoffId)!.chatId);
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, {})).status).toBe(200);
    const sent = await stack.call('POST', stack.handoffPath(handoffId, '/messages'), { messageId: 'm-1', text: `SSN ${SSN}, order ${ORDER}` });
    expect(sent.status).toBe(202);

    const chat = await eventually(async () => {
      const answer = await stack.call('GET', `/desk/api/chats/${chatId}`);
      expect(answer.body.messages.map((m: { text: string }) => m.text)).toContain(`SSN [ssn], order ${ORDER}`);
      return answer.body;
    });
    expect(chat.messages[0].text).toBe('I was charged twice on [card number]');
    expect(chat.context.map((line: { text: string }) => line.text)).toEqual(['my card is [card number]', 'Let me check [order]']);
    expect(chat.redacted).toEqual(['[card number]', '[ssn]', '[order]']);

    const tickets = await stack.call('GET', '/desk/api/tickets');
    const ticket = tickets.body.find((t: { number: string }) => t.number === started.body.ticket.number);
    expect(ticket.description).toContain('[card number]');
    expect(ticket.description).toContain(ORDER);

    const transcript = (await stack.transcript(handoffId)).map((entry) => entry.text);
    expect(transcript).toContain(`SSN [ssn], order ${ORDER}`);

    const decoded = await stack.codec.decode(payloadsIn(await rawHistory(stack, handoffId)));
    const historyText = decoded.map((payload) => Buffer.from(payload.data ?? []).toString()).join('\n');
    expect(historyText).toContain('[card number]');
    expect(historyText).toContain(ORDER);
    for (const secret of [CARD, CARD.replaceAll(' ', ''), SSN]) expect(historyText).not.toContain(secret);
  });

  it('leaves every text alone in a profile without redactions', async () => {
    const plain = await HandoffStack.start();
    try {
      const started = await plain.call('POST', '/v1/handoffs', plain.request({ issue: { lastUtterance: `card ${CARD}` } }));
      const chatId = await eventually(() => plain.chatFor(started.body.id)!.chatId);
      const chat = await plain.call('GET', `/desk/api/chats/${chatId}`);
      expect(chat.body.messages[0].text).toBe(`card ${CARD}`);
      expect(chat.body.redacted).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
