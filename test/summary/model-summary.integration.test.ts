/**
 * A model's summary on the real dev server, against a simulator of the chat-completions API: the
 * start answers with the extractive summary at once, then the model's replaces it on the desk, the
 * ticket and the view, and the bot hears `handoff.summary`. A model server that answers 500, hangs
 * past the time limit or refuses leaves the extractive summary, marked `fellBack`. The request the
 * model gets is redacted, and carries the key from its secret reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';
import { ChatCompletionsSimulator, SIMULATED_SUMMARY } from './chat-completions-simulator';

const API_KEY = 'sk-test-summary-key';
const CARD = '4111 1111 1111 1111';
const model = new ChatCompletionsSimulator(API_KEY);
let stack: HandoffStack;

const profile = (name: string, modelName: string) => `
  ${name}:
    mode: broker
    platform: local-desk
    fileTicket: true
    redact: [card-number, ssn]
    summary: { provider: openai-compatible, baseUrl: '${model.url}', model: ${modelName}, apiKey: '\${SUMMARY_API_KEY}', timeout: 2s }`;

beforeAll(async () => {
  await model.start();
  stack = await HandoffStack.start({
    config: ['profiles:', profile('model', 'summarizer'), profile('broken', 'broken'), profile('slow', 'slow'), profile('careful', 'careful')].join('\n'),
    env: { SUMMARY_API_KEY: API_KEY },
  });
});
afterAll(async () => {
  await stack?.stop();
  await model.stop();
});

async function startWith(profileName: string) {
  const started = await stack.call(
    'POST',
    '/v1/handoffs',
    stack.request({ profile: profileName, transcript: [{ from: 'user', text: `my card ${CARD} and SSN 078-05-1120` }] }),
  );
  expect(started.status).toBe(200);
  // The start never waits for the model: it answers the extractive summary.
  expect(started.body.summary).toMatchObject({ provider: 'extractive', fellBack: false });
  return started.body;
}

async function summaryEvent(handoffId: string) {
  return eventually(() => {
    const event = stack.bot.eventsFor(handoffId).find((e) => e.type === 'handoff.summary');
    expect(event).toBeDefined();
    return event!;
  });
}

async function ticketDescription(number: string): Promise<string> {
  const tickets = await stack.call('GET', '/desk/api/tickets');
  return tickets.body.find((t: { number: string }) => t.number === number).description;
}

describe("a model's summary", () => {
  it('replaces the extractive one on the desk, the ticket and the view, and the bot hears it', async () => {
    const handoff = await startWith('model');
    const event = await summaryEvent(handoff.id);
    const summary = { text: SIMULATED_SUMMARY, provider: 'openai-compatible', fellBack: false };
    expect(event.summary).toEqual(summary);
    expect(stack.bot.eventsFor(handoff.id).find((e) => e.type === 'handoff.started')!.summary).toMatchObject({ provider: 'extractive' });
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.summary).toEqual(summary);
    const chatId = stack.chatFor(handoff.id)!.chatId;
    expect((await stack.call('GET', `/desk/api/chats/${chatId}`)).body.summary).toEqual(summary);
    expect((await ticketDescription(handoff.ticket.number)).startsWith(`Summary (by a model, openai-compatible):\n${SIMULATED_SUMMARY}\n`)).toBe(true);

    const asked = model.requests.find((request) =>
      request.body.messages.some((m) => m.content.includes(handoff.conversationId) || m.content.includes('[card number]')),
    );
    expect(asked).toMatchObject({ authorization: `Bearer ${API_KEY}`, body: { model: 'summarizer', temperature: 0 } });
    const prompt = asked!.body.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('my card [card number] and SSN [ssn]');
    expect(prompt).not.toContain(CARD);
    expect(prompt).toMatch(/Situation:.*Tried:.*Ask:/s);
  });

  for (const [profileName, why] of [
    ['broken', 'answers 500'],
    ['slow', 'does not answer within the time limit'],
    ['careful', 'refuses'],
  ] as const) {
    it(`falls back to the extractive summary, and says so, when the model server ${why}`, async () => {
      const handoff = await startWith(profileName);
      const event = await summaryEvent(handoff.id);
      expect(event.summary).toEqual({ text: handoff.summary.text, provider: 'extractive', fellBack: true });
      expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.summary).toMatchObject({ provider: 'extractive', fellBack: true });
      expect(await ticketDescription(handoff.ticket.number)).toMatch(/^Summary \(extractive; the model did not answer in time or failed\):\n/);
    });
  }
});
