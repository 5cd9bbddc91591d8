/**
 * One long brokered chat: `messages` messages of `chars` characters, user and agent in turn (the
 * user's through `POST /v1/handoffs/{id}/messages`, the agent's through the desk), each waited for
 * on the other side before the next, as a real chat goes; then the agent closes it. Reports how the
 * workflow carried it: its runs, the largest continue-as-new input, how it ended, and whether the
 * transcript holds every message once and in order. A refused or lost message ends the chat there
 * and is reported, not thrown: that is a finding.
 */
import { randomUUID } from 'node:crypto';
import { historyTotals } from './measure-history';
import { openSessions, waitUntilClosed } from './sessions';
import type { BenchSystem } from './system';

export interface TranscriptCheck {
  /** Pages read (today's endpoint answers in one; the paged one says `next`). */
  pages: number;
  entries: number;
  /** Sent messages not in the transcript, in it more than once, and in it before one sent earlier. */
  missing: number;
  duplicated: number;
  outOfOrder: number;
  /** Every message once and in order, and every page answered. */
  complete: boolean;
  /** A page the endpoint refused: its status and error code. */
  error?: string;
}

export interface LongChatFigure {
  messagesPlanned: number;
  messageChars: number;
  /** Messages that reached the other side. */
  messagesRelayed: number;
  /** Why sending stopped before the plan's end; absent when every message went through. */
  stopped?: string;
  runs: number;
  largestContinueAsNewInputBytes: number;
  historyBytes: number;
  /** The workflow execution's status at the end (COMPLETED, TERMINATED, …) and the handoff's. */
  workflowStatus: string;
  handoffStatus: string;
  /** Ended by the agent's close: handoff `closed` and the run completed (not terminated). */
  closed: boolean;
  transcript: TranscriptCheck;
  seconds: number;
}

const ARRIVAL_MS = 30_000;
const TRANSCRIPT_PAGE = 200;
const FILLER = 'My VPN drops every few minutes when I switch between the office network and home. ';

/** A message of exactly `chars` characters that names its author and place, ending in a visible character (the desk trims agent text). */
function messageText(from: 'user' | 'agent', index: number, chars: number): string {
  const text = `${from} message ${index}: ${FILLER.repeat(Math.ceil(chars / FILLER.length))}`.slice(0, chars - 1);
  return `${text}.`;
}

export async function measureLongChat(system: BenchSystem, messages: number, chars: number): Promise<LongChatFigure> {
  const began = performance.now();
  const [session] = await openSessions(system, 1, true);
  const { id, chatId } = session!;
  const sent: string[] = [];
  let stopped: string | undefined;
  for (let i = 0; i < messages && !stopped; i++) {
    const from = i % 2 === 0 ? 'user' : 'agent';
    const text = messageText(from, i, chars);
    if (from === 'user') {
      const messageId = `long-${i}-${randomUUID()}`;
      const answer = await system.call('POST', system.handoffPath(id, '/messages'), { messageId, text });
      if (answer.status !== 202) stopped = `user message ${i} answered ${answer.status} ${JSON.stringify(answer.body)}`;
      else await system.arrival(system.deskArrivals, messageId, ARRIVAL_MS);
      if (!stopped && !system.deskArrivals.has(messageId)) stopped = `user message ${i} not on the desk after ${ARRIVAL_MS / 1_000} s`;
    } else {
      const answer = await system.call('POST', `/desk/api/chats/${chatId}/messages`, { text });
      if (answer.status !== 201) stopped = `agent message ${i} answered ${answer.status} ${JSON.stringify(answer.body)}`;
      else await system.arrival(system.botArrivals, text, ARRIVAL_MS);
      if (!stopped && !system.botArrivals.has(text)) stopped = `agent message ${i} not at the bot after ${ARRIVAL_MS / 1_000} s`;
    }
    if (!stopped) sent.push(text);
  }
  const handle = system.client.workflow.getHandle(id);
  if ((await handle.describe()).status.name === 'RUNNING') {
    const closing = await system.call('POST', `/desk/api/chats/${chatId}/close`);
    if (closing.status !== 200) stopped ??= `the agent's close answered ${closing.status}`;
    await waitUntilClosed(system, [id], 60_000);
  }
  const workflowStatus = (await handle.describe()).status.name;
  let view = await system.call('GET', system.handoffPath(id));
  // The view of a closed run is a query its worker answers by replaying the run's whole history: give a busy worker three more chances.
  for (let retry = 0; view.status === 503 && retry < 3; retry++) view = await system.call('GET', system.handoffPath(id));
  const handoffStatus = String(view.body?.status ?? `unreadable (${view.status})`);
  const totals = await historyTotals(system.client, id);
  return {
    messagesPlanned: messages,
    messageChars: chars,
    messagesRelayed: sent.length,
    ...(stopped && { stopped }),
    runs: totals.runs,
    largestContinueAsNewInputBytes: totals.largestContinueAsNewInputBytes,
    historyBytes: totals.bytes,
    workflowStatus,
    handoffStatus,
    closed: handoffStatus === 'closed' && workflowStatus === 'COMPLETED',
    transcript: checkTranscript(await readTranscript(system, id), sent),
    seconds: Math.round((performance.now() - began) / 100) / 10,
  };
}

interface TranscriptRead {
  entries: Array<{ from: string; text: string }>;
  pages: number;
  error?: string;
}

/** Every page of `GET /v1/handoffs/{id}/transcript`, following `next` when the answer has one. */
async function readTranscript(system: BenchSystem, id: string): Promise<TranscriptRead> {
  const read: TranscriptRead = { entries: [], pages: 0 };
  let after = 0;
  for (;;) {
    const answer = await system.call('GET', `${system.handoffPath(id, '/transcript')}?after=${after}&limit=${TRANSCRIPT_PAGE}`);
    if (answer.status !== 200) return { ...read, error: `${answer.status} ${answer.body?.code ?? ''}`.trim() };
    read.entries.push(...(answer.body.messages as TranscriptRead['entries']));
    read.pages++;
    const next = answer.body.next as number | undefined;
    if (next === undefined) return read;
    if (!(next > after)) return { ...read, error: `next ${next} after ${after} does not move on` };
    after = next;
  }
}

function checkTranscript(read: TranscriptRead, sent: string[]): TranscriptCheck {
  const placeOf = new Map(sent.map((text, place) => [text, place]));
  const places = read.entries.flatMap((e) => (placeOf.has(e.text) ? [placeOf.get(e.text)!] : []));
  const distinct = new Set(places).size;
  const outOfOrder = places.filter((place, i) => i > 0 && place < places[i - 1]!).length;
  const check = {
    pages: read.pages,
    entries: read.entries.length,
    missing: sent.length - distinct,
    duplicated: places.length - distinct,
    outOfOrder,
  };
  return { ...check, complete: !read.error && check.missing === 0 && check.duplicated === 0 && outOfOrder === 0, ...(read.error && { error: read.error }) };
}
