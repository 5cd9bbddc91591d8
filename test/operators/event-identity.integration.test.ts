/**
 * Events keep their identity ("Events to the bot" in the spec): a bot event's `eventId` and a
 * transcript entry's `id` come from what caused them, so a workflow task retried after its worker
 * died, a continue-as-new, or a user message sent again long after re-create the same events, and
 * the bot (dropping duplicates by `eventId`), the desk, the transcript and the ticket each hold
 * every message once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEvent } from '../../contracts/bot-event';
import type { TranscriptEntry } from '../../contracts/transcript';
import { eventually, HandoffStack } from '../support/stack';

/** The worker runs as a process of its own, so it can be killed mid-task; runs hand over every 100 history events. */
let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ workerProcess: true, continueAsNewAfterEvents: 100 });
});
afterAll(async () => {
  await stack?.stop();
});

/** A brokered handoff `agentName` accepted; `agent` signs the desk's calls in as them. */
async function connectedHandoff(on: HandoffStack, agentName: string): Promise<{ id: string; chatId: string; ticketNumber: string; agent: { cookie: string } }> {
  const started = await on.call('POST', '/v1/handoffs', on.request());
  expect(started.status).toBe(200);
  const { id } = started.body;
  const chatId = await eventually(() => on.chatFor(id)!.chatId);
  const agent = await on.signedInAs(agentName);
  expect((await on.call('POST', `/desk/api/chats/${chatId}/accept`, {}, agent)).status).toBe(200);
  await eventually(async () => expect((await on.call('GET', on.handoffPath(id))).body.status).toBe('connected'));
  return { id, chatId, ticketNumber: started.body.ticket.number, agent };
}

async function transcriptOf(on: HandoffStack, id: string): Promise<TranscriptEntry[]> {
  return on.transcript(id);
}

/** The chain's identity: the first run's id, which every run of the handoff carries on. */
async function chainIdOf(on: HandoffStack, id: string): Promise<string> {
  const description = await on.client.workflow.getHandle(id).describe();
  return description.raw.workflowExecutionInfo!.firstRunId!;
}

/** Every run of the handoff so far (closed ones and the open one). */
async function runsOf(on: HandoffStack, id: string): Promise<number> {
  let runs = 0;
  for await (const _ of on.client.workflow.list({ query: `WorkflowId = "${id}"` })) runs++;
  return runs;
}

/** Whether a workflow task of the handoff's current run timed out (its worker died before completing it). */
async function aTaskTimedOut(on: HandoffStack, id: string): Promise<boolean> {
  const history = await on.client.workflow.getHandle(id).fetchHistory();
  return (history.events ?? []).some((event) => event.workflowTaskTimedOutEventAttributes);
}

const agentMessages = (events: BotEvent[]) => events.filter((e) => e.type === 'agent.message');
const countOf = <T>(items: T[], wanted: T) => items.filter((item) => item === wanted).length;

describe('a workflow task retried after its worker was killed between accept and commit', () => {
  it('sends the bot the same agent.message again, with the same eventId, text and at, and the bot and transcript hold it once', async () => {
    const { id, chatId, agent } = await connectedHandoff(stack, 'Grace');
    const chainId = await chainIdOf(stack, id);
    const text = 'Hold the power button for ten seconds';
    // Bot events go out from a local activity inside the workflow task that made them, before that
    // task commits: killing the worker as the first delivery arrives leaves the task uncommitted.
    let killed: Promise<void> | undefined;
    stack.bot.onDelivery = (event) => {
      if (!killed && event.handoffId === id && event.type === 'agent.message') killed = stack.killWorker();
    };
    let deliveries: BotEvent[];
    try {
      expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text }, agent)).status).toBe(201);
      await eventually(() => expect(killed).toBeDefined(), 30_000);
      await killed;
      expect(agentMessages(stack.bot.deliveriesFor(id))).toHaveLength(1);
      await stack.startWorker();
      // The task times out (10 s) and the new worker runs it again from the recorded signal.
      deliveries = await eventually(
        () => {
          const sent = agentMessages(stack.bot.deliveriesFor(id));
          expect(sent).toHaveLength(2);
          return sent;
        },
        60_000,
        100,
      );
    } finally {
      stack.bot.onDelivery = undefined;
      await killed;
      await stack.startWorker();
    }

    const [first, again] = deliveries as [BotEvent, BotEvent];
    expect(first.eventId).toMatch(new RegExp(`^${chainId}/agent/[^/]+$`));
    expect(first.text).toBe(text);
    expect(again).toMatchObject({ eventId: first.eventId, text: first.text, at: first.at, type: 'agent.message' });
    expect(agentMessages(stack.bot.eventsFor(id))).toEqual([first]);
    expect(await aTaskTimedOut(stack, id)).toBe(true);

    const transcript = await transcriptOf(stack, id);
    const fromAgent = transcript.filter((m) => m.from === 'agent');
    expect(fromAgent).toEqual([expect.objectContaining({ id: first.eventId, text, at: first.at })]);

    // Across every delivery, one eventId is always the same event (only `seq` may differ).
    for (const delivery of stack.bot.deliveriesFor(id)) {
      const { seq: _seq, ...same } = stack.bot.eventsFor(id).find((e) => e.eventId === delivery.eventId)!;
      expect(delivery).toMatchObject(same);
    }
  });

  it('a user message the killed worker had taken, and delivered, is on the desk once and in the transcript once', async () => {
    const { id, chatId, agent } = await connectedHandoff(stack, 'Alan');
    const message = { messageId: 'sent-as-the-worker-died', text: 'my screen is still black' };
    const onDesk = () => stack.desk.store.messages(chatId).filter((m) => m.from === 'user' && m.text === message.text);
    // User messages go to the desk from a local activity inside the task that took the update:
    // killing the worker as the desk stores it leaves the update taken but not committed.
    let killed: Promise<void> | undefined;
    const unsubscribe = stack.desk.feed.subscribe((change) => {
      if (!killed && change.type === 'chat' && change.chatId === chatId && onDesk().length > 0) killed = stack.killWorker();
    });
    let firstAnswer: { status: number };
    try {
      const sending = stack.call('POST', stack.handoffPath(id, '/messages'), message);
      await eventually(() => expect(killed).toBeDefined(), 30_000);
      await killed;
      await stack.startWorker();
      firstAnswer = await sending;
    } finally {
      unsubscribe();
      await killed;
      await stack.startWorker();
    }
    // The API waited for an outcome the dead worker never committed: 503 (retry), or 202 once the
    // new worker ran the task again. A bot retries with the same messageId until it gets 202.
    expect([202, 503]).toContain(firstAnswer.status);
    const accepted = await eventually(
      async () => {
        const answer = await stack.call('POST', stack.handoffPath(id, '/messages'), message);
        expect(answer.status).toBe(202);
        return answer.body as { seq: number };
      },
      60_000,
      500,
    );
    expect(await aTaskTimedOut(stack, id)).toBe(true);

    const transcript = await transcriptOf(stack, id);
    expect(transcript.filter((m) => m.text === message.text)).toEqual([
      expect.objectContaining({ id: `user:${message.messageId}`, seq: accepted.seq, from: 'user' }),
    ]);
    // Later traffic (the next tasks, on the new worker) does not bring it back either.
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'I can see it now' }, agent);
    await eventually(() => expect(agentMessages(stack.bot.eventsFor(id)).map((e) => e.text)).toEqual(['I can see it now']));
    expect(onDesk()).toHaveLength(1);
    expect((await transcriptOf(stack, id)).filter((m) => m.text === message.text)).toHaveLength(1);
  });
});

describe('across continue-as-new', () => {
  it('every bot event keeps one eventId per cause, none is lost or doubled, and transcript ids stay put', async () => {
    const { id, chatId, agent } = await connectedHandoff(stack, 'Barbara');
    const chainId = await chainIdOf(stack, id);
    const handle = stack.client.workflow.getHandle(id);
    const rounds = 36;
    const agentTexts: string[] = [];
    let before: { transcript: TranscriptEntry[]; runId: string } | undefined;
    for (let i = 0; i < rounds; i++) {
      const sent = await stack.call('POST', stack.handoffPath(id, '/messages'), { messageId: `u-${i}`, text: `user ${i}` });
      expect(sent.status).toBe(202);
      agentTexts.push(`agent ${i}`);
      expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: `agent ${i}` }, agent)).status).toBe(201);
      if (i === 9) {
        // Read the transcript once everything so far is in, and remember which run served it.
        await eventually(async () => expect((await transcriptOf(stack, id)).filter((m) => m.from === 'agent')).toHaveLength(10));
        before = { transcript: await transcriptOf(stack, id), runId: (await handle.describe()).runId };
      }
    }
    await eventually(() => expect(agentMessages(stack.bot.eventsFor(id)).map((e) => e.text)).toEqual(agentTexts), 30_000);
    await eventually(async () => expect((await transcriptOf(stack, id)).filter((m) => m.from === 'agent')).toHaveLength(rounds));
    expect((await handle.describe()).runId).not.toBe(before!.runId);
    expect(await runsOf(stack, id)).toBeGreaterThanOrEqual(3);

    // Transcript ids: unique, derived from the cause, and what an earlier run served is unchanged.
    const after = await transcriptOf(stack, id);
    const ids = after.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of before!.transcript) expect(after).toContainEqual(entry);
    expect(after.filter((m) => m.from === 'user').map((m) => m.id)).toEqual(Array.from({ length: rounds }, (_, i) => `user:u-${i}`));

    await stack.call('POST', `/desk/api/chats/${chatId}/close`, undefined, agent);
    await eventually(() => expect(stack.bot.eventsFor(id).at(-1)?.type).toBe('handoff.closed'));

    // The bot's deduplicated view: each agent message once, in order, under the id the transcript gives it.
    const events = stack.bot.eventsFor(id);
    expect(events.map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', ...agentTexts.map(() => 'agent.message'), 'handoff.closed']);
    expect(agentMessages(events).map((e) => e.eventId)).toEqual(after.filter((m) => m.from === 'agent').map((m) => m.id));
    expect(events.at(-1)!.eventId).toBe(`${chainId}/end`);
    for (const event of events) expect(event.eventId).toMatch(new RegExp(`^${chainId}/(started|agent/[^/]+(/joined)?|end)$`));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    // Every delivery, redeliveries included: one eventId is always the same event.
    for (const delivery of stack.bot.deliveriesFor(id)) {
      const { seq: _seq, ...same } = events.find((e) => e.eventId === delivery.eventId)!;
      expect(delivery).toMatchObject(same);
    }
  });
});

describe('a duplicate messageId after 5,000 others', () => {
  let big: HandoffStack;
  beforeAll(async () => {
    // Hand-overs come from the run's transcript size (or its update budget), not from history length.
    big = await HandoffStack.start({ continueAsNewAfterEvents: 1_000_000 });
  });
  afterAll(async () => {
    await big?.stop();
  });

  it('answers 202 with the original seq, and the transcript, the desk and the ticket hold it once', { timeout: 600_000 }, async () => {
    const { id, chatId, ticketNumber, agent } = await connectedHandoff(big, 'Edsger');
    const original = { messageId: 'the-first', text: 'the very first message' };
    const first = await big.call('POST', big.handoffPath(id, '/messages'), original);
    expect(first.status).toBe(202);

    const others = 5_000;
    let next = 0;
    const sender = async () => {
      for (let i = next++; i < others; i = next++) {
        const sent = await big.call('POST', big.handoffPath(id, '/messages'), { messageId: `m-${i}`, text: `message ${i}` });
        expect(sent.status).toBe(202);
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    // A run hands its messages to the archive every 128 KiB of transcript: the repeat comes several runs later.
    expect(await runsOf(big, id)).toBeGreaterThanOrEqual(4);

    const repeat = await big.call('POST', big.handoffPath(id, '/messages'), original);
    expect(repeat.status).toBe(202);
    expect(repeat.body.seq).toBe(first.body.seq);

    const transcript = await transcriptOf(big, id);
    expect(transcript.filter((m) => m.text === original.text)).toEqual([expect.objectContaining({ id: `user:${original.messageId}`, seq: first.body.seq })]);
    expect(transcript.filter((m) => m.from === 'user')).toHaveLength(others + 1);

    const userOnDesk = () => big.desk.store.messages(chatId).filter((m) => m.from === 'user');
    // The desk also shows the last utterance as the chat's first user line.
    await eventually(() => expect(userOnDesk()).toHaveLength(others + 2), 60_000, 250);
    expect(userOnDesk().filter((m) => m.text === original.text)).toHaveLength(1);

    await big.call('POST', `/desk/api/chats/${chatId}/close`, undefined, agent);
    // The ticket has the whole transcript, in as many notes as it takes, the repeat not among it.
    const notes = await eventually(() => {
      const found = big.desk.store.ticket(ticketNumber)!.workNotes.filter((n) => /^(Live-agent chat closed|Transcript, continued)/.test(n.text));
      // 5,000 messages take several notes, and only the continued ones say how many: wait for one of those and for all it counts.
      expect(found.length).toBeGreaterThan(1);
      expect(found.length).toBe(Number(/of (\d+)\):/.exec(found.at(-1)!.text)?.[1]));
      return found.map((n) => n.text);
    }, 60_000);
    expect(notes[0]!.split('\n')[0]).toContain('Transcript:');
    const lines = notes.flatMap((text) => text.split('\n').slice(1)).filter((line) => / user: /.test(line));
    const kept = lines.map((line) => line.replace(/^\[[^\]]+\] user: /, ''));
    expect(kept).toHaveLength(others + 1);
    expect(new Set(kept).size).toBe(kept.length);
    expect(countOf(kept, original.text)).toBe(1);
  });
});
