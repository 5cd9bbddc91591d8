/**
 * What the encryption tests read: a brokered chat with personal data in it, the raw history of a
 * workflow as Temporal stores it (no codec), its payloads, and those payloads through the codec
 * server in the remote codec protocol's JSON.
 */
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eventually, type HandoffStack } from '../support/stack';

export interface PayloadJson {
  metadata: Record<string, string>;
  data: string;
}

export interface PersonalChat {
  handoffId: string;
  chatId: string;
  email: string;
  name: string;
  userText: string;
  agentText: string;
}

/** A brokered handoff whose user has an e-mail and a name of their own, accepted, with a message each way. */
export async function personalChat(stack: HandoffStack, label = 'chat'): Promise<PersonalChat> {
  const unique = randomUUID().slice(0, 8);
  const email = `ada.${unique}@example.com`;
  const name = `Ada Byron-${unique}`;
  const request = stack.request({ user: { id: `u-${unique}`, name, email, department: 'Sales' } });
  const started = await stack.call('POST', '/v1/handoffs', request);
  expect(started.status).toBe(200);
  const handoffId = started.body.id as string;
  const chatId = await eventually(() => {
    const chat = stack.chatFor(handoffId);
    if (!chat) throw new Error('no desk chat yet');
    return chat.chatId;
  });
  expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
  const chat = { handoffId, chatId, email, name, userText: '', agentText: '' };
  await say(stack, chat, label);
  return chat;
}

/** One user message (with a social security number in it) and one agent answer, each seen on the other side. */
export async function say(stack: HandoffStack, chat: PersonalChat, label: string): Promise<void> {
  const unique = randomUUID().slice(0, 8);
  chat.userText = `${label}: my SSN is 078-05-1120 and my password is hunter-${unique}`;
  chat.agentText = `${label}: thanks, resetting the password of ${unique}`;
  const sent = await stack.call('POST', stack.handoffPath(chat.handoffId, '/messages'), { messageId: `m-${unique}`, text: chat.userText });
  expect(sent.status).toBe(202);
  await eventually(() => expect(stack.desk.store.messages(chat.chatId).map((m: { text: string }) => m.text)).toContain(chat.userText));
  expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/messages`, { text: chat.agentText })).status).toBeLessThan(300);
  await eventually(() => expect(stack.bot.eventsFor(chat.handoffId).map((e: { text?: string }) => e.text)).toContain(chat.agentText));
}

/** Every event of a workflow's current run as the Temporal service stores it: no codec in the way. */
export async function rawHistory(stack: HandoffStack, workflowId: string): Promise<temporal.api.history.v1.History> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return temporal.api.history.v1.History.create({ events });
}

export function historyBytes(history: temporal.api.history.v1.IHistory): Buffer {
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}

/** Every payload anywhere in a protobuf message. */
export function payloadsIn(message: unknown, found: Payload[] = []): Payload[] {
  if (!message || typeof message !== 'object' || ArrayBuffer.isView(message)) return found;
  if ('metadata' in message && 'data' in message && ArrayBuffer.isView(message.data)) {
    found.push(message as Payload);
    return found;
  }
  for (const value of Object.values(message)) {
    if (Array.isArray(value)) for (const item of value) payloadsIn(item, found);
    else payloadsIn(value, found);
  }
  return found;
}

export function encodingOf(payload: Payload): string {
  return Buffer.from(payload.metadata?.encoding ?? []).toString();
}

export function toJson(payload: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, bytes]) => [key, Buffer.from(bytes ?? []).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

/** The payloads through the stack's codec server, `POST /codec/decode`, as texts. */
export async function decodedThroughCodecServer(stack: HandoffStack, payloads: Payload[]): Promise<{ status: number; texts: string[]; body: any }> {
  const response = await fetch(`${stack.apiUrl}/codec/decode`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.codecToken}`, 'content-type': 'application/json', 'x-namespace': 'default' },
    body: JSON.stringify({ payloads: payloads.map(toJson) }),
  });
  const body = (await response.json()) as any;
  const texts = response.ok ? (body.payloads as PayloadJson[]).map((payload) => Buffer.from(payload.data, 'base64').toString()) : [];
  return { status: response.status, texts, body };
}
