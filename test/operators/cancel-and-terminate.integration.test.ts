/**
 * What an operator's Request Cancellation and Terminate (Temporal UI or CLI) leave behind: the bot,
 * the agent's desk, the ticket and the API each end in a consistent state.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformSessionQuery } from '../../workflows/definitions';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
  rated:
    mode: broker
    platform: local-desk
    fileTicket: true
    survey: { enabled: true, windowMinutes: 10 }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG, continueAsNewAfterEvents: 100 });
});
afterAll(async () => {
  await stack?.stop();
});

const view = async (id: string) => (await stack.call('GET', stack.handoffPath(id))).body;

async function start(profile = 'default'): Promise<{ id: string; ticket: { number: string } }> {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile }));
  expect(answer.status).toBe(200);
  return answer.body;
}

async function accept(id: string): Promise<string> {
  const chatId = await eventually(() => stack.chatFor(id)!.chatId);
  await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' });
  await eventually(async () => expect((await view(id)).status).toBe('connected'));
  return chatId;
}

/** Everything a cancelled handoff must leave behind, whatever status it was cancelled in. */
async function expectWrappedUp(id: string, ticketNumber: string, chatId: string, runStatus = 'CANCELLED') {
  await eventually(async () => expect((await stack.client.workflow.getHandle(id).describe()).status.name).toBe(runStatus));
  expect(await view(id)).toMatchObject({ status: 'cancelled', reason: 'operator' });
  expect(stack.desk.store.chat(chatId)!.status).toBe('closed');
  const closing = stack.bot.eventsFor(id).filter((e) => e.type === 'handoff.closed');
  expect(closing).toEqual([expect.objectContaining({ reason: 'operator' })]);
  const sent = await stack.call('POST', stack.handoffPath(id, '/messages'), { messageId: 'after-cancel', text: 'anyone?' });
  expect(sent.status).toBe(409);
  return stack.desk.store.ticket(ticketNumber)!;
}

describe('an operator cancels a handoff', () => {
  it('while it is queued: the desk chat ends, the bot hears handoff.closed, the run ends Canceled', async () => {
    const handoff = await start();
    const chatId = stack.chatFor(handoff.id)!.chatId;
    await stack.client.workflow.getHandle(handoff.id).cancel();
    await expectWrappedUp(handoff.id, handoff.ticket.number, chatId);
    await expect(stack.client.workflow.getHandle(handoff.id).result()).rejects.toBeInstanceOf(WorkflowFailedError);
  });

  it('while it is connected: the transcript goes to the ticket and pending messages reach the desk first', async () => {
    const handoff = await start();
    const chatId = await accept(handoff.id);
    await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'c-1', text: 'my laptop will not boot' });
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Hold the power button' });
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).some((e) => e.type === 'agent.message')).toBe(true));
    await stack.client.workflow.getHandle(handoff.id).cancel();
    const ticket = await expectWrappedUp(handoff.id, handoff.ticket.number, chatId);
    await eventually(() => expect(stack.desk.store.ticket(handoff.ticket.number)!.workNotes.some((n) => n.text.includes('cancelled (operator)'))).toBe(true));
    const note = stack.desk.store.ticket(ticket.number)!.workNotes.find((n) => n.text.includes('Transcript'))!.text;
    expect(note).toMatch(/user: my laptop will not boot[\s\S]*Grace: Hold the power button/);
    const desk = await stack.call('GET', `/desk/api/chats/${chatId}`);
    expect(desk.body.messages.map((m: { text: string }) => m.text)).toContain('my laptop will not boot');
    expect(desk.body.messages.at(-1).text).toBe('An operator cancelled the handoff; the chat has ended');
  });

  it('after an agent joined, with a survey: the run ends at once, without waiting out a survey the user never saw', async () => {
    const handoff = await start('rated');
    const chatId = await accept(handoff.id);
    const cancelledAt = Date.now();
    await stack.client.workflow.getHandle(handoff.id).cancel();
    await expectWrappedUp(handoff.id, handoff.ticket.number, chatId);
    // The survey window is ten minutes: the run ended long before it.
    expect(Date.now() - cancelledAt).toBeLessThan(60_000);
    expect(await view(handoff.id)).not.toHaveProperty('surveyUntil');
    expect((await stack.call('POST', stack.handoffPath(handoff.id, '/survey'), { rating: 5 })).status).toBe(409);
  });

  it('during the start steps: the start answers, placed and then cancelled, and nothing is left open', async () => {
    await stack.stopWorker();
    const request = stack.request();
    const starting = stack.call('POST', '/v1/handoffs', request);
    const id = `handoff/default/${request.conversationId}`;
    await eventually(async () => expect((await stack.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING'));
    await stack.client.workflow.getHandle(id).cancel();
    await stack.startWorker();
    const answer = await starting;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, status: 'cancelled', reason: 'operator' });
    const chatId = (await stack.client.workflow.getHandle(id).query(platformSessionQuery))!.key;
    await expectWrappedUp(id, answer.body.ticket.number, chatId);
  });

  it('while the run hands over to the next (continue-as-new): one run finishes it, nothing is lost', async () => {
    const handoff = await start();
    const chatId = await accept(handoff.id);
    const handle = stack.client.workflow.getHandle(handoff.id);
    const firstRun = (await handle.describe()).runId;
    const accepted: string[] = [];
    let cancelled = false;
    for (let i = 0; i < 80 && !cancelled; i++) {
      const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: `r-${i}`, text: `message ${i}` });
      if (sent.status === 202) accepted.push(`message ${i}`);
      else expect(sent.status).toBe(409);
      if ((await handle.describe()).runId !== firstRun && !cancelled) {
        await handle.cancel();
        cancelled = true;
      }
    }
    expect(cancelled).toBe(true);
    await expectWrappedUp(handoff.id, handoff.ticket.number, chatId);
    const desk = await stack.call('GET', `/desk/api/chats/${chatId}`);
    const onDesk = desk.body.messages.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text);
    expect(onDesk).toEqual(expect.arrayContaining(accepted));
    expect(new Set(onDesk).size).toBe(onDesk.length);
  });
});

describe('an operator terminates a handoff', () => {
  it('the API reports it failed (terminated), and the next agent event ends the desk chat with a notice', async () => {
    const handoff = await start();
    const chatId = await accept(handoff.id);
    await stack.client.workflow.getHandle(handoff.id).terminate('operator test');
    expect(await view(handoff.id)).toMatchObject({ status: 'failed', reason: 'terminated' });
    const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 't-1', text: 'hello?' });
    expect(sent.status).toBe(409);

    const written = await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Are you still there?' });
    expect(written.status).toBe(201);
    await eventually(() => expect(stack.desk.store.chat(chatId)!.status).toBe('closed'), 20_000);
    const desk = await stack.call('GET', `/desk/api/chats/${chatId}`);
    expect(desk.body.messages.at(-1).text).toBe('The handoff was stopped from outside (terminated); the chat has ended');
    const refused = await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Hello?' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('chat_not_active');
  });
});
