import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ continueAsNewAfterEvents: 60 });
});
afterAll(async () => {
  await stack?.stop();
});

/** A brokered handoff `agentName` accepted; `agent` signs the desk's calls in as them. */
async function connectedHandoff(agentName: string) {
  const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
  const chatId = stack.chatFor(handoff.id)!.chatId;
  const agent = await stack.signedInAs(agentName);
  await stack.call('POST', `/desk/api/chats/${chatId}/accept`, {}, agent);
  await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected'));
  return { handoff, chatId, agent };
}

async function deskUserTexts(chatId: string): Promise<string[]> {
  const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
  return chat.body.messages
    .filter((m: { from: string }) => m.from === 'user')
    .map((m: { text: string }) => m.text)
    .slice(1);
}

describe('a long brokered conversation', () => {
  it('continues-as-new mid-conversation and delivers every message once and in order', async () => {
    const { handoff, chatId, agent } = await connectedHandoff('Margaret');
    const firstRunId = (await stack.client.workflow.getHandle(handoff.id).describe()).runId;
    const userTexts = Array.from({ length: 40 }, (_, i) => `user ${i}`);
    const agentTexts = Array.from({ length: 20 }, (_, i) => `agent ${i}`);

    const userSide = (async () => {
      for (const [i, text] of userTexts.entries()) {
        const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: `u-${i}`, text });
        expect(sent.status).toBe(202);
      }
    })();
    const agentSide = (async () => {
      for (const text of agentTexts) {
        expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text }, agent)).status).toBe(201);
      }
    })();
    await Promise.all([userSide, agentSide]);

    const replay = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'u-0', text: 'user 0' });
    expect(replay.status).toBe(202);

    await eventually(async () => expect(await deskUserTexts(chatId)).toEqual(userTexts));
    await eventually(() => {
      const relayed = stack.bot
        .eventsFor(handoff.id)
        .filter((e) => e.type === 'agent.message')
        .map((e) => e.text);
      expect(relayed).toEqual(agentTexts);
    });
    const description = await stack.client.workflow.getHandle(handoff.id).describe();
    expect(description.runId).not.toBe(firstRunId);
    expect(description.status.name).toBe('RUNNING');

    const transcript = (await stack.call('GET', stack.handoffPath(handoff.id, '/transcript'))).body.messages;
    expect(transcript.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text)).toEqual(userTexts);
    expect(transcript.filter((m: { from: string }) => m.from === 'agent').map((m: { text: string }) => m.text)).toEqual(agentTexts);
    const seqs = transcript.map((m: { seq: number }) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);

    await stack.call('POST', `/desk/api/chats/${chatId}/close`, undefined, agent);
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('closed'));
  });

  it('loses nothing when the worker stops mid-conversation and comes back', async () => {
    const { handoff, chatId, agent } = await connectedHandoff('Edsger');
    await stack.stopWorker();

    for (const text of ['while you were out 1', 'while you were out 2', 'while you were out 3']) {
      expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text }, agent)).status).toBe(201);
    }
    // A bot retries a message with the same messageId until the API takes it (503 means "retry").
    const pendingUserMessage = eventually(async () => {
      const answer = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'during-outage', text: 'are you there?' });
      expect(answer.status).not.toBe(503);
      return answer;
    }, 40_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await stack.startWorker();

    const sent = await pendingUserMessage;
    expect(sent.status).toBe(202);
    await eventually(async () => expect(await deskUserTexts(chatId)).toEqual(['are you there?']));
    await eventually(() => {
      const relayed = stack.bot
        .eventsFor(handoff.id)
        .filter((e) => e.type === 'agent.message')
        .map((e) => e.text);
      expect(relayed).toEqual(['while you were out 1', 'while you were out 2', 'while you were out 3']);
    });
  });

  it('keeps retrying a failing bot callback and delivers every event in order once it recovers', async () => {
    const { handoff, chatId, agent } = await connectedHandoff('Frances');
    stack.bot.failuresLeft = 4;
    for (const text of ['a', 'b', 'c']) await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text }, agent);
    await eventually(() => {
      const relayed = stack.bot
        .eventsFor(handoff.id)
        .filter((e) => e.type === 'agent.message')
        .map((e) => e.text);
      expect(relayed).toEqual(['a', 'b', 'c']);
    });
    expect(stack.bot.failuresLeft).toBe(0);
  });
});
