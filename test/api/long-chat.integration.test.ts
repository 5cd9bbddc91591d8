/**
 * A chat as long as contact centers see (issue #25): 2,200 messages of 2,000 characters, user and
 * agent in turn, through the bot API and the desk, to the agent's close. The run hands its messages
 * to the archive as it goes, so no continue-as-new input grows with the chat (Temporal terminated
 * such a chat after about 1,090 messages when the transcript travelled in the input), and the whole
 * transcript still reaches the bot's transcript endpoint and the ticket, every message once and in order.
 */
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

const MESSAGES = 2_200;
const TEXT_LENGTH = 2_000;
const INPUT_LIMIT = 256 * 1024;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

/** Message `i`, 2,000 characters, its number at both ends so a cut or a swap shows. */
const textOf = (i: number) => {
  const tag = `#${i}`;
  return `${`${tag} ${'lorem ipsum dolor sit amet '.repeat(80)}`.slice(0, TEXT_LENGTH - tag.length - 1)} ${tag}`;
};

/** The bytes of every continue-as-new input of the handoff's runs. */
async function continueAsNewInputs(handoffId: string): Promise<number[]> {
  const sizes: number[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await stack.client.workflow.getHandle(handoffId, runId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    for (const event of history.events ?? []) {
      const input = event.workflowExecutionContinuedAsNewEventAttributes?.input;
      if (input) sizes.push(temporal.api.common.v1.Payloads.encode(input).finish().length);
    }
    runId = started?.continuedExecutionRunId || undefined;
    if (!runId) return sizes;
  }
}

describe('a chat of 2,200 messages of 2,000 characters', () => {
  it("runs to the agent's close, with every message once and in order in the transcript and on the ticket", { timeout: 900_000 }, async () => {
    const started = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const chatId = stack.chatFor(started.id)!.chatId;
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(started.id))).body.status).toBe('connected'));

    for (let i = 0; i < MESSAGES; i++) {
      const sent =
        i % 2 === 0
          ? await stack.call('POST', stack.handoffPath(started.id, '/messages'), { messageId: `m-${i}`, text: textOf(i) })
          : await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: textOf(i) });
      expect(sent.status, `message ${i}: ${JSON.stringify(sent.body)}`).toBe(i % 2 === 0 ? 202 : 201);
      // The agent answers what reached the desk, as a person would.
      if (i % 2 === 0) await eventually(() => expect(stack.desk.store.messages(chatId).some((m) => m.text === textOf(i))).toBe(true), 30_000, 20);
    }
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/close`)).status).toBe(200);
    await eventually(
      async () => expect((await stack.call('GET', stack.handoffPath(started.id))).body).toMatchObject({ status: 'closed', reason: 'agent-closed' }),
      60_000,
    );

    const inputs = await continueAsNewInputs(started.id);
    expect(inputs.length).toBeGreaterThan(10);
    expect(Math.max(...inputs)).toBeLessThan(INPUT_LIMIT);

    const expected = Array.from({ length: MESSAGES }, (_, i) => textOf(i));
    const transcript = await stack.transcript(started.id);
    expect(transcript.map((entry) => entry.text)).toEqual(expected);
    expect(transcript.map((entry) => entry.from)).toEqual(expected.map((_, i) => (i % 2 === 0 ? 'user' : 'agent')));

    const ticket = started.ticket.number as string;
    const notes = await eventually(() => {
      const found = stack.desk.store.ticket(ticket)!.workNotes.filter((n) => /^(Live-agent chat closed|Transcript, continued)/.test(n.text));
      expect(found.length).toBe(Number(/of (\d+)\):/.exec(found.at(-1)?.text ?? '')?.[1] ?? -1));
      return found;
    }, 60_000);
    const lines = notes.flatMap((note) => note.text.split('\n').slice(1));
    expect(lines.map((line) => line.replace(/^\[[^\]]+\] (user|Grace): /, ''))).toEqual(expected);
    const relayed = stack.bot.eventsFor(started.id).filter((event) => event.type === 'agent.message');
    expect(relayed.map((event) => event.text)).toEqual(expected.filter((_, i) => i % 2 === 1));
  });
});
