import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  impatient:
    mode: broker
    platform: local-desk
    fileTicket: true
    timeouts: { agentAccept: 2s, inactivity: 1h, maxDuration: 1h }
  quiet:
    mode: broker
    platform: local-desk
    timeouts: { agentAccept: 1h, inactivity: 2s, maxDuration: 1h }
  short-api:
    mode: api
    platform: local-desk
    timeouts: { agentAccept: 1h, maxDuration: 2s }
  impatient-api:
    mode: api
    platform: local-desk
    timeouts: { agentAccept: 2s, maxDuration: 1h }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

const statusOf = async (id: string) => (await stack.call('GET', stack.handoffPath(id))).body;

describe('session timers', () => {
  it('ends as abandoned when no agent accepts in time, and ends the desk chat', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'impatient' }))).body;
    expect(handoff.status).toBe('queued');
    const chatId = stack.chatFor(handoff.id)!.chatId;
    await eventually(async () => expect(await statusOf(handoff.id)).toMatchObject({ status: 'abandoned', reason: 'no agent accepted in time' }), 15_000);
    await eventually(() => expect(stack.desk.store.chat(chatId)!.status).toBe('closed'));
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'no agent accepted in time' }));
  });

  it('closes a connected chat after the inactivity timeout, and not while messages keep coming', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'quiet' }))).body;
    const chatId = stack.chatFor(handoff.id)!.chatId;
    await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Ada' });
    await eventually(async () => expect((await statusOf(handoff.id)).status).toBe('connected'));
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 800));
      const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: `keepalive-${i}`, text: `still here ${i}` });
      expect(sent.status).toBe(202);
    }
    expect((await statusOf(handoff.id)).status).toBe('connected');
    await eventually(async () => expect(await statusOf(handoff.id)).toMatchObject({ status: 'closed', reason: 'inactivity' }), 15_000);
    await eventually(() => expect(stack.desk.store.chat(chatId)!.status).toBe('closed'));
  });

  it('abandons an api-mode handoff nobody accepted in agentAccept, ending the desk chat, and keeps an accepted one', async () => {
    const waiting = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'impatient-api' }))).body;
    const accepted = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'impatient-api' }))).body;
    expect([waiting.status, accepted.status]).toEqual(['queued', 'queued']);
    const waitingChat = stack.chatFor(waiting.id)!.chatId;
    await stack.call('POST', `/desk/api/chats/${stack.chatFor(accepted.id)!.chatId}/accept`, { agentName: 'Ada' });
    await eventually(async () => expect(await statusOf(waiting.id)).toMatchObject({ status: 'abandoned', reason: 'no agent accepted in time' }), 15_000);
    await eventually(() => expect(stack.desk.store.chat(waitingChat)!.status).toBe('closed'));
    await eventually(() => expect(stack.bot.eventsFor(waiting.id).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'no agent accepted in time' }));
    expect(await statusOf(accepted.id)).toMatchObject({ status: 'connected', agent: { name: 'Ada' } });
  });

  it('ends an api-mode handoff that heard nothing back at maxDuration as closed with reason no-events', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'short-api' }))).body;
    expect(handoff.status).toBe('queued');
    await eventually(async () => expect(await statusOf(handoff.id)).toMatchObject({ status: 'closed', reason: 'no-events' }), 15_000);
  });
});
