import { expect } from 'vitest';
import { eventually, type HandoffStack } from '../support/stack';

export async function startHandoff(stack: HandoffStack, profile: string, overrides: Record<string, unknown> = {}) {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile, ...overrides }));
  expect(answer.status).toBe(200);
  return answer.body;
}

export async function waitForStatus(stack: HandoffStack, handoffId: string, status: string) {
  return eventually(async () => {
    const view = await stack.call('GET', stack.handoffPath(handoffId));
    expect(view.body.status).toBe(status);
    return view.body;
  });
}

export async function sendUserMessage(stack: HandoffStack, handoffId: string, messageId: string, text: string) {
  const sent = await stack.call('POST', stack.handoffPath(handoffId, '/messages'), { messageId, text });
  expect(sent.status).toBe(202);
  return sent.body.seq as number;
}

export async function sendUserTyping(stack: HandoffStack, handoffId: string, typing: boolean) {
  const sent = await stack.call('POST', stack.handoffPath(handoffId, '/typing'), { typing });
  expect(sent.status).toBe(202);
  expect(sent.body).toEqual({});
}

export async function transcriptOf(stack: HandoffStack, handoffId: string): Promise<string[]> {
  const transcript = await stack.call('GET', stack.handoffPath(handoffId, '/transcript'));
  return transcript.body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`);
}

/** The bot's events for a handoff once the last one is `handoff.closed` or `handoff.failed`. */
export async function finalBotEvents(stack: HandoffStack, handoffId: string) {
  return eventually(() => {
    const events = stack.bot.eventsFor(handoffId);
    expect(['handoff.closed', 'handoff.failed']).toContain(events.at(-1)?.type);
    return events;
  });
}

/** Resolves once the workflow of a handoff has completed, so nothing more can reach it. */
export async function completed(stack: HandoffStack, handoffId: string): Promise<void> {
  await eventually(async () => expect((await stack.client.workflow.getHandle(handoffId).describe()).status.name).toBe('COMPLETED'));
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
