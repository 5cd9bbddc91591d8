/**
 * Lean inputs (#25): the bot's request (up to a megabyte) is read by the start alone. No activity
 * input and no continue-as-new input after it carries it, so history does not grow with it; a
 * profile with a fallback keeps it in the archive, encrypted, for the steps after the chat.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveOf } from '../../system/compose';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    fallback: [callback, ticket]
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG, continueAsNewAfterEvents: 60 });
});
afterAll(async () => {
  await stack?.stop();
});

/** Every run of the handoff's chain, first run first. */
async function runsOf(handoffId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const histories: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await stack.client.workflow.getHandle(handoffId, runId).fetchHistory();
    histories.unshift(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) return histories;
  }
}

/** The text of every payload of an event, decrypted, with where it sits. */
async function payloadTexts(event: temporal.api.history.v1.IHistoryEvent): Promise<Array<{ where: string; text: string }>> {
  const found: Array<{ where: string; payloads: Payload[] }> = [];
  const visit = (value: unknown, where: string) => {
    if (!value || typeof value !== 'object') return;
    if ('payloads' in value && Array.isArray((value as { payloads: unknown }).payloads))
      found.push({ where, payloads: (value as { payloads: Payload[] }).payloads });
    for (const [key, child] of Object.entries(value)) if (key !== 'payloads') visit(child, `${where}.${key}`);
  };
  visit(event, String(event.eventType));
  const texts = [];
  for (const { where, payloads } of found) {
    for (const payload of await stack.codec.decode(payloads))
      texts.push({ where, text: JSON.stringify(defaultPayloadConverter.fromPayload(payload), withoutSummaries) ?? '' });
  }
  return texts;
}

/**
 * The summary for the agent (contracts/summary.ts) quotes the user by design, at most a few hundred
 * characters of each line, and travels with the view and the state: it is not the request.
 */
function withoutSummaries(key: string, value: unknown): unknown {
  return key === 'summary' && typeof value === 'object' && value !== null && 'provider' in value ? undefined : value;
}

describe("after the start, nothing carries the bot's request", () => {
  it('keeps it out of every activity and continue-as-new input, and in the archive for the steps after the chat', async () => {
    const marker = `request-marker-${randomUUID()}`;
    const transcript = Array.from({ length: 60 }, (_, i) => ({
      from: i % 2 === 0 ? ('user' as const) : ('bot' as const),
      text: `${marker} ${i} ${'x'.repeat(2_000)}`,
    }));
    const started = await stack.call('POST', '/v1/handoffs', stack.request({ transcript, issue: { lastUtterance: `help ${marker}` } }));
    expect(started.status).toBe(200);
    const id = started.body.id as string;
    const chatId = stack.chatFor(id)!.chatId;
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
    for (let i = 0; i < 30; i++) {
      expect((await stack.call('POST', stack.handoffPath(id, '/messages'), { messageId: `m-${i}`, text: `message ${i}` })).status).toBe(202);
    }
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/close`)).status).toBe(200);
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(id))).body.status).toBe('closed'));

    const runs = await runsOf(id);
    expect(runs.length).toBeGreaterThan(2);
    const carriers: string[] = [];
    for (const [run, history] of runs.entries()) {
      for (const event of history.events ?? []) {
        for (const { where, text } of await payloadTexts(event)) if (text.includes(marker)) carriers.push(`run ${run + 1}: ${where}`);
      }
    }
    // The first run's input, which the start reads; nothing else.
    expect(carriers).toEqual([expect.stringMatching(/^run 1: .*WORKFLOW_EXECUTION_STARTED|^run 1: 1\./)]);

    const chainId = (await stack.client.workflow.getHandle(id).describe()).raw.workflowExecutionInfo!.firstRunId!;
    const { archive } = archiveOf(stack.settings);
    expect((await archive.request(chainId)).issue.lastUtterance).toBe(`help ${marker}`);
  });
});
