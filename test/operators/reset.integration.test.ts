/**
 * What an operator's Reset (Temporal UI, or `temporal workflow reset --event-id N`) leaves behind:
 * reset to any point, the transcript, the agent's desk, the ticket and the bot each see every
 * message once, in the original order, with the original `at`.
 *
 * What the server (1.29) and the SDK (TypeScript 1.24) do on a reset, and what these tests rely on:
 * - The server keeps the history up to the start of the chosen workflow task, fails that task
 *   (cause RESET_WORKFLOW) and goes on in a new run; the run reset from, if still running, is
 *   terminated. The started event is copied, so the new run keeps the chain's
 *   `firstExecutionRunId`, which the workflow uses as its `chainId` (the key of the desk chat and
 *   the ticket, and the root of every `eventId`).
 * - Signals and updates recorded after the point are re-applied, in their original order, into the
 *   new run's first task: signals as signals, updates as admitted updates with their original id
 *   and arguments (so the `at` the API's edge stamped comes back with them). A cancel request is
 *   not re-applied.
 * - Running that task, the SDK hands the re-applied updates to the workflow interleaved with the
 *   signals; replaying it, after them. The workflow takes a user's message once the task's agent
 *   events are applied, so both agree: every test replays the reset run's history.
 * - Everything the workflow did after the point runs again, local activities too: user messages go
 *   to the desk again (it drops a repeated `messageId`), bot events go out again (the bot drops a
 *   repeated `eventId`), the closing note is written again (notes are keyed), a closed desk chat is
 *   ended again (it stays as it is). `Date.now()` reads the new task's time, so what Handoff says
 *   happened takes its time from the cause: the edge, the platform, or a timer's deadline.
 * - A completed run can be reset too; the new run becomes the workflow's current run.
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BotEvent } from '../../contracts/bot-event';
import type { TranscriptEntry } from '../../contracts/transcript';
import type { DeskMessage, TicketRow } from '../../apps/desk/store';
import { DEFAULT_TEST_CONFIG, eventually, HandoffStack } from '../support/stack';
import { encryptingDataConverter } from '../../codec/data-converter';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let stack: HandoffStack;
beforeAll(async () => {
  // Small runs, so a conversation of a few dozen messages continues-as-new; `brief` closes a quiet chat.
  const config = `${DEFAULT_TEST_CONFIG}
  brief:
    mode: broker
    platform: local-desk
    fileTicket: true
    timeouts: { agentAccept: 1h, inactivity: 3s, maxDuration: 1h }
`;
  stack = await HandoffStack.start({ config, continueAsNewAfterEvents: 100 });
});
afterAll(async () => {
  await stack?.stop();
});

interface Handoff {
  id: string;
  ticket: string;
  chatId: string;
}

interface Snapshot {
  transcript: Array<Omit<TranscriptEntry, 'seq'>>;
  desk: DeskMessage[];
  notes: TicketRow['workNotes'];
  bot: BotEvent[];
}

const view = async (id: string) => (await stack.call('GET', stack.handoffPath(id))).body;

/** A brokered handoff on the local desk, accepted by Grace. */
async function connected(profile = 'default'): Promise<Handoff> {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile }));
  expect(answer.status).toBe(200);
  const { id } = answer.body;
  const chatId = await eventually(() => stack.chatFor(id)!.chatId);
  expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
  await eventually(async () => expect((await view(id)).status).toBe('connected'));
  return { id, ticket: answer.body.ticket.number, chatId };
}

const deskMessages = async (chatId: string): Promise<DeskMessage[]> => (await stack.call('GET', `/desk/api/chats/${chatId}`)).body.messages;

/** The agent writes on the desk; returns once the bot has the message (so it is in the transcript). */
async function agentSays(handoff: Handoff, text: string): Promise<void> {
  expect((await stack.call('POST', `/desk/api/chats/${handoff.chatId}/messages`, { text })).status).toBe(201);
  await eventually(() => expect(stack.bot.eventsFor(handoff.id).some((e) => e.type === 'agent.message' && e.text === text)).toBe(true));
}

/** The user writes through the API; returns once the desk shows it. */
async function userSays(handoff: Handoff, messageId: string, text: string): Promise<void> {
  expect((await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId, text })).status).toBe(202);
  await eventually(async () => expect((await deskMessages(handoff.chatId)).some((m) => m.from === 'user' && m.text === text)).toBe(true));
}

/** Interleaved: A1, U1, A2, U2, … */
async function conversation(handoff: Handoff, tag: string, rounds: number): Promise<void> {
  for (let i = 1; i <= rounds; i++) {
    await agentSays(handoff, `${tag} agent ${i}`);
    await userSays(handoff, `${tag}-u${i}`, `${tag} user ${i}`);
  }
}

async function snapshot(handoff: Handoff): Promise<Snapshot> {
  const transcript = await stack.call('GET', stack.handoffPath(handoff.id, '/transcript'));
  expect(transcript.status).toBe(200);
  return {
    transcript: (transcript.body.messages as TranscriptEntry[]).map(({ seq: _seq, ...entry }) => entry),
    desk: await deskMessages(handoff.chatId),
    notes: stack.desk.store.ticket(handoff.ticket)!.workNotes,
    bot: stack.bot.eventsFor(handoff.id),
  };
}

async function historyOf(id: string, runId: string): Promise<HistoryEvent[]> {
  return (await stack.client.workflow.getHandle(id, runId).fetchHistory()).events ?? [];
}

const isTaskCompleted = (event: HistoryEvent) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;

/** The run's first workflow task (the one that ran the start steps), as a reset point. */
const firstTask = (history: HistoryEvent[]): HistoryEvent => history.find(isTaskCompleted)!;

/** The workflow task that took the user's message `messageId`, as a reset point: the message and all after it come again. */
function taskThatTook(history: HistoryEvent[], messageId: string): HistoryEvent {
  const accepted = history.findIndex(
    (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === `message:${messageId}`,
  );
  expect(accepted).toBeGreaterThan(0);
  const point = history.slice(0, accepted).reverse().find(isTaskCompleted);
  expect(point).toBeDefined();
  return point!;
}

/** Resets the run to the workflow task completed at `point`, the way the UI's Reset does; answers the new run's id. */
async function reset(id: string, runId: string, point: HistoryEvent): Promise<string> {
  const { runId: newRunId } = await stack.client.workflowService.resetWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: id, runId },
    reason: 'operator test: reset',
    workflowTaskFinishEventId: point.eventId,
    requestId: randomUUID(),
  });
  expect(newRunId).toBeTruthy();
  expect(newRunId).not.toBe(runId);
  return newRunId!;
}

/**
 * Waits until the run has nothing left to do: no workflow task or activity pending (or it has
 * closed), and its history has stopped growing.
 */
async function settled(id: string, runId: string): Promise<void> {
  const handle = stack.client.workflow.getHandle(id, runId);
  let lastLength = -1;
  await eventually(
    async () => {
      const { raw } = await handle.describe();
      const length = Number(raw.workflowExecutionInfo?.historyLength ?? 0);
      const idle =
        raw.workflowExecutionInfo?.status !== temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING ||
        (!raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0);
      const stable = length === lastLength;
      lastLength = length;
      expect(idle && stable).toBe(true);
    },
    30_000,
    300,
  );
}

/** The activities (local ones too) the reset run ran again, after the point it was reset to. */
async function rerunIn(id: string, runId: string): Promise<string[]> {
  const history = await historyOf(id, runId);
  const resetAt = history.findIndex(
    (e) => e.workflowTaskFailedEventAttributes?.cause === temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
  );
  expect(resetAt).toBeGreaterThan(0);
  const names = new Set<string>();
  for (const event of history.slice(resetAt)) {
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) names.add(scheduled);
    const marker = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    if (marker) names.add(JSON.parse(Buffer.from(marker).toString()).activity_type);
  }
  return [...names];
}

/** The reset run's history replays on the workflow's code (a worker that restarts, or a query on the closed run, replays it). */
async function expectReplays(id: string, runId: string): Promise<void> {
  const history = await stack.client.workflow.getHandle(id, runId).fetchHistory();
  await Worker.runReplayHistory(
    { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: encryptingDataConverter(stack.codec.keys), replayName: `${id} ${runId}` },
    history,
  );
}

/** Bot deliveries from the first on: each carries an `eventId` the bot already had, with the same content. */
function expectRedeliveriesUnchanged(handoffId: string, before: BotEvent[]): void {
  const first = new Map(before.map((event) => [event.eventId, event]));
  for (const delivery of stack.bot.deliveriesFor(handoffId)) {
    const original = first.get(delivery.eventId);
    expect(original, `delivery ${delivery.eventId} (${delivery.type}) is not one the bot had`).toBeDefined();
    const { seq: _a, ...sent } = delivery;
    const { seq: _b, ...had } = original!;
    expect(sent).toEqual(had);
  }
}

function expectUnchanged(before: Snapshot, after: Snapshot): void {
  // The API's transcript: the same entries (id, text, at), in the same order.
  expect(after.transcript).toEqual(before.transcript);
  // The desk: each message once, in the original order (its own timestamps unchanged too).
  expect(after.desk).toEqual(before.desk);
  const userLines = after.desk.filter((m) => m.from === 'user').map((m) => m.text);
  expect(new Set(userLines).size).toBe(userLines.length);
  // The ticket: no note added twice.
  expect(after.notes).toEqual(before.notes);
  // The bot: the same set of events, each with its original content and `at`.
  expect(after.bot.map((e) => e.eventId).sort()).toEqual(before.bot.map((e) => e.eventId).sort());
}

/** The transcript as the closing note lists it. */
const noteLines = (transcript: Snapshot['transcript']) =>
  transcript.map((entry) => `[${entry.at}] ${entry.from === 'agent' ? (entry.name ?? 'agent') : entry.from}: ${entry.text}`);

/** The ticket holds the closing transcript note once, listing every message once, in order, with its original `at`. */
function expectOneClosingNote(handoff: Handoff, transcript: Snapshot['transcript']): void {
  const notes = stack.desk.store.ticket(handoff.ticket)!.workNotes.filter((n) => n.text.includes('Transcript'));
  expect(notes).toHaveLength(1);
  expect(notes[0]!.text.split('\n').slice(1)).toEqual(noteLines(transcript));
}

/** The user leaves; waits for the run to finish its wrap-up. */
async function userLeaves(handoff: Handoff): Promise<void> {
  expect((await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'))).status).toBe(200);
  await eventually(async () => expect((await stack.client.workflow.getHandle(handoff.id).describe()).status.name).toBe('COMPLETED'));
  await eventually(() => expect(stack.desk.store.ticket(handoff.ticket)!.workNotes.some((n) => n.text.includes('Transcript'))).toBe(true));
}

/** After a reset of a run still open: the handoff goes on, and the user's leaving files the whole transcript once. */
async function expectItGoesOn(handoff: Handoff, before: Snapshot): Promise<void> {
  await userSays(handoff, 'after-reset', 'still there after the reset');
  await userLeaves(handoff);
  const transcript = (await snapshot(handoff)).transcript;
  expect(transcript.slice(0, -1)).toEqual(before.transcript);
  expect(transcript.at(-1)).toMatchObject({ id: 'user:after-reset', text: 'still there after the reset' });
  expectOneClosingNote(handoff, transcript);
  const closed = stack.bot.eventsFor(handoff.id).filter((e) => e.type === 'handoff.closed');
  expect(closed).toEqual([expect.objectContaining({ reason: 'user-left' })]);
}

describe('an operator resets a handoff', () => {
  it('to its first workflow task (before the start update): the start steps run again and nothing is repeated', async () => {
    const handoff = await connected();
    await conversation(handoff, 'start', 2);
    const { runId } = await stack.client.workflow.getHandle(handoff.id).describe();
    await settled(handoff.id, runId);
    const before = await snapshot(handoff);
    const tickets = stack.desk.store.tickets().length;

    const history = await historyOf(handoff.id, runId);
    const point = firstTask(history);
    // The start update is accepted by the task reset to, so it is one of the re-applied ones.
    expect(history.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBeGreaterThan(history.indexOf(point));
    const newRun = await reset(handoff.id, runId, point);
    await settled(handoff.id, newRun);

    // The start steps ran again in one step: the ticket filed and the chat opened again (both keyed by the chain); messages went out again.
    expect(await rerunIn(handoff.id, newRun)).toEqual(expect.arrayContaining(['startHandoff', 'deliverToPlatform', 'deliverToBot']));
    expect(await view(handoff.id)).toMatchObject({ status: 'connected', ticket: { number: handoff.ticket } });
    const after = await snapshot(handoff);
    expectUnchanged(before, after);
    expectRedeliveriesUnchanged(handoff.id, before.bot);
    expect(stack.desk.store.tickets()).toHaveLength(tickets);
    expect(stack.desk.store.openChats().filter((c) => c.handoffId === handoff.id)).toHaveLength(1);
    await expectItGoesOn(handoff, before);
    await expectReplays(handoff.id, newRun);
  });

  it('to the middle of the conversation: the messages after the point are re-applied where they were', async () => {
    const handoff = await connected();
    await conversation(handoff, 'mid', 3);
    const { runId } = await stack.client.workflow.getHandle(handoff.id).describe();
    await settled(handoff.id, runId);
    const before = await snapshot(handoff);

    // The task that took U1: U1, A2, U2, A3, U3 come again.
    const point = taskThatTook(await historyOf(handoff.id, runId), 'mid-u1');
    const newRun = await reset(handoff.id, runId, point);
    await settled(handoff.id, newRun);

    expect((await stack.client.workflow.getHandle(handoff.id, runId).describe()).status.name).toBe('TERMINATED');
    expect(await rerunIn(handoff.id, newRun)).toEqual(expect.arrayContaining(['deliverToPlatform', 'deliverToBot']));
    expect(await view(handoff.id)).toMatchObject({ status: 'connected' });
    const after = await snapshot(handoff);
    expectUnchanged(before, after);
    expectRedeliveriesUnchanged(handoff.id, before.bot);
    await expectItGoesOn(handoff, before);
    await expectReplays(handoff.id, newRun);
  });

  it('after a continue-as-new: the latest run, reset to its first task, keeps what the earlier run handed over', async () => {
    const handoff = await connected();
    const handle = stack.client.workflow.getHandle(handoff.id);
    const firstRun = (await handle.describe()).runId;
    let round = 0;
    while ((await handle.describe()).runId === firstRun) {
      expect(round).toBeLessThan(40);
      await conversation(handoff, `can${++round}`, 1);
    }
    await conversation(handoff, 'latest', 2);
    const { runId } = await handle.describe();
    await settled(handoff.id, runId);
    const before = await snapshot(handoff);
    expect(before.transcript.length).toBeGreaterThanOrEqual(2 * round + 4);

    const history = await historyOf(handoff.id, runId);
    expect(history[0]!.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
    const newRun = await reset(handoff.id, runId, firstTask(history));
    await settled(handoff.id, newRun);

    expect(await rerunIn(handoff.id, newRun)).toEqual(expect.arrayContaining(['deliverToPlatform', 'deliverToBot']));
    expect(await view(handoff.id)).toMatchObject({ status: 'connected' });
    const after = await snapshot(handoff);
    expectUnchanged(before, after);
    expectRedeliveriesUnchanged(handoff.id, before.bot);
    await expectItGoesOn(handoff, before);
    await expectReplays(handoff.id, newRun);
  });

  it('after the agent closed it: the reset run ends closed again, with no second close on the desk', async () => {
    const handoff = await connected();
    await conversation(handoff, 'closed', 3);
    expect((await stack.call('POST', `/desk/api/chats/${handoff.chatId}/close`)).status).toBe(200);
    const handle = stack.client.workflow.getHandle(handoff.id);
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).some((e) => e.type === 'handoff.closed')).toBe(true));
    await eventually(() => expect(stack.desk.store.ticket(handoff.ticket)!.workNotes.some((n) => n.text.includes('Transcript'))).toBe(true));
    const { runId } = await handle.describe();
    expect(await view(handoff.id)).toMatchObject({ status: 'closed', reason: 'agent-closed' });
    const before = await snapshot(handoff);

    // The task that took U2: U2, A3, U3 and the agent's close come again.
    const point = taskThatTook(await historyOf(handoff.id, runId), 'closed-u2');
    const newRun = await reset(handoff.id, runId, point);
    await eventually(async () => expect((await stack.client.workflow.getHandle(handoff.id, newRun).describe()).status.name).toBe('COMPLETED'));
    await settled(handoff.id, newRun);

    // The agent closed it, so the desk is not told again; the bot and the ticket are.
    const rerun = await rerunIn(handoff.id, newRun);
    expect(rerun).toEqual(expect.arrayContaining(['deliverToBot', 'noteTranscriptOnTicket']));
    expect(rerun).not.toContain('closePlatformSession');
    expect(await view(handoff.id)).toMatchObject({ status: 'closed', reason: 'agent-closed' });
    const after = await snapshot(handoff);
    expectUnchanged(before, after);
    expectRedeliveriesUnchanged(handoff.id, before.bot);
    expectOneClosingNote(handoff, after.transcript);
    await expectReplays(handoff.id, newRun);
    expect(stack.bot.eventsFor(handoff.id).filter((e) => e.type === 'handoff.closed')).toHaveLength(1);
    expect(after.desk.filter((m) => m.from === 'system' && /closed the chat|ended/.test(m.text))).toEqual([
      expect.objectContaining({ text: 'Grace closed the chat' }),
    ]);
  });

  it('after the user left: the reset run ends cancelled again, and the desk chat is not closed twice', async () => {
    const handoff = await connected();
    await conversation(handoff, 'left', 2);
    await userLeaves(handoff);
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).some((e) => e.type === 'handoff.closed')).toBe(true));
    const handle = stack.client.workflow.getHandle(handoff.id);
    const { runId } = await handle.describe();
    expect(await view(handoff.id)).toMatchObject({ status: 'cancelled', reason: 'user-left' });
    const before = await snapshot(handoff);
    expect(before.desk.at(-1)!.text).toBe('The user left (user-left)');

    // The task that took U1: U1, A2, U2 and the user's leaving come again, and the wrap-up runs again.
    const point = taskThatTook(await historyOf(handoff.id, runId), 'left-u1');
    const newRun = await reset(handoff.id, runId, point);
    await eventually(async () => expect((await stack.client.workflow.getHandle(handoff.id, newRun).describe()).status.name).toBe('COMPLETED'));
    await settled(handoff.id, newRun);

    expect(await rerunIn(handoff.id, newRun)).toEqual(
      expect.arrayContaining(['deliverToPlatform', 'deliverToBot', 'closePlatformSession', 'noteTranscriptOnTicket']),
    );
    expect(await view(handoff.id)).toMatchObject({ status: 'cancelled', reason: 'user-left' });
    const after = await snapshot(handoff);
    expectUnchanged(before, after);
    expectRedeliveriesUnchanged(handoff.id, before.bot);
    expectOneClosingNote(handoff, after.transcript);
    await expectReplays(handoff.id, newRun);
    expect(stack.desk.store.chat(handoff.chatId)!.status).toBe('closed');
  });

  it('after an inactivity close, to the task that closed it: the end the bot hears again keeps its time', async () => {
    const handoff = await connected('brief');
    await conversation(handoff, 'quiet', 1);
    const handle = stack.client.workflow.getHandle(handoff.id);
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'), 20_000);
    await eventually(() => expect(stack.desk.store.ticket(handoff.ticket)!.workNotes.some((n) => n.text.includes('Transcript'))).toBe(true));
    const { runId } = await handle.describe();
    expect(await view(handoff.id)).toMatchObject({ status: 'closed', reason: 'inactivity' });
    const before = await snapshot(handoff);
    const closed = before.bot.find((e) => e.type === 'handoff.closed')!;
    expect(closed).toMatchObject({ reason: 'inactivity' });

    // The task that saw the timer fire: the session ends again from the state it had, at the same deadline.
    const history = await historyOf(handoff.id, runId);
    const fired = history.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
    expect(fired).toBeGreaterThan(0);
    const point = history.slice(fired).find(isTaskCompleted)!;
    const deliveries = stack.bot.deliveriesFor(handoff.id).length;
    const newRun = await reset(handoff.id, runId, point);
    await eventually(async () => expect((await stack.client.workflow.getHandle(handoff.id, newRun).describe()).status.name).toBe('COMPLETED'));
    await settled(handoff.id, newRun);

    expect(await rerunIn(handoff.id, newRun)).toEqual(expect.arrayContaining(['deliverToBot', 'closePlatformSession', 'noteTranscriptOnTicket']));
    expect(await view(handoff.id)).toMatchObject({ status: 'closed', reason: 'inactivity' });
    // The reset run told the bot again …
    await eventually(() => expect(stack.bot.deliveriesFor(handoff.id).length).toBeGreaterThan(deliveries));
    const after = await snapshot(handoff);
    expectUnchanged(before, after);
    // … with the same event: its eventId, and the `at` of the deadline it ended at.
    expectRedeliveriesUnchanged(handoff.id, before.bot);
    expectOneClosingNote(handoff, after.transcript);
    expect(after.desk.filter((m) => m.from === 'system' && /ended/.test(m.text))).toHaveLength(1);
    await expectReplays(handoff.id, newRun);
  });
});

describe('a message that lands in the same workflow task as the user leaving, after it', () => {
  // Messages take effect after the task's agent events (see above), so after a leaving that came
  // before them in the task too; they are still refused, as a message after the end always was.
  it('is refused, and neither the transcript nor the desk has it', async () => {
    const handoff = await connected();
    await conversation(handoff, 'race', 1);
    await stack.stopWorker();
    const leaving = stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    await eventually(async () => {
      const { raw } = await stack.client.workflow.getHandle(handoff.id).describe();
      expect(raw.pendingWorkflowTask).toBeTruthy();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const writing = stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'race-late', text: 'one more thing' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stack.startWorker();
    expect((await leaving).body).toMatchObject({ status: 'cancelled', reason: 'user-left' });
    const written = await writing;
    expect(written.status).toBe(409);
    expect(written.body.error.code).toBe('session_not_open');
    await eventually(async () => expect((await stack.client.workflow.getHandle(handoff.id).describe()).status.name).toBe('COMPLETED'));
    const after = await snapshot(handoff);
    expect(after.transcript.map((e) => e.text)).not.toContain('one more thing');
    expect(after.desk.map((m) => m.text)).not.toContain('one more thing');
    // Both came in one task (which is what the test is about).
    const history = await historyOf(handoff.id, (await stack.client.workflow.getHandle(handoff.id).describe()).runId);
    const accepted = history.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    expect(accepted.slice(-2).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)).toEqual([
      'cancelHandoff',
      'userMessage',
    ]);
  });
});
