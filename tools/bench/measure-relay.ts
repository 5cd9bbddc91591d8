import { randomUUID } from 'node:crypto';
import { closedLoop, paced, waitUntil } from './load';
import type { RelayedMessage } from './measure-history';
import type { OpenSession } from './sessions';
import { percentiles, type Percentiles } from './stats';
import type { BenchSystem } from './system';

export interface RelayFigures {
  toAgent: Percentiles;
  toBot: Percentiles;
}

const DELIVERY_WAIT_MS = 60_000;

/** A message relayed while latency was measured, and its latency (ms; infinite when it never arrived). */
export interface TimedMessage extends RelayedMessage {
  ms: number;
}

/**
 * User message accepted by the API → on the desk. Messages arrive at a steady `rate` per second
 * spread over the open sessions, below saturation (the throughput figure finds that), so the
 * figure is the relay's own latency, not a queue's.
 */
export async function measureToAgent(system: BenchSystem, sessions: OpenSession[], messages: number, rate: number): Promise<TimedMessage[]> {
  const sent = await paced(rate, messages, async (i) => {
    const session = sessions[i % sessions.length]!;
    const key = `m-${randomUUID()}`;
    const text = `user message ${i}`;
    const started = performance.now();
    const answer = await system.call('POST', system.handoffPath(session.id, '/messages'), { messageId: key, text });
    if (answer.status !== 202) throw new Error(`message answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await system.arrival(system.deskArrivals, key);
    return { key, text, workflowId: session.id, started };
  });
  await waitUntil(() => sent.every((s) => system.deskArrivals.has(s.key)), DELIVERY_WAIT_MS);
  return sent.map((s) => ({ workflowId: s.workflowId, text: s.text, ms: (system.deskArrivals.get(s.key) ?? Number.POSITIVE_INFINITY) - s.started }));
}

/** Agent message posted on the desk → at the bot's callback; paced like `measureToAgent`. */
export async function measureToBot(system: BenchSystem, sessions: OpenSession[], messages: number, rate: number): Promise<TimedMessage[]> {
  const sent = await paced(rate, messages, async (i) => {
    const session = sessions[i % sessions.length]!;
    const text = `agent message ${i} ${randomUUID()}`;
    const started = performance.now();
    const answer = await system.call('POST', `/desk/api/chats/${session.chatId}/messages`, { text });
    if (answer.status !== 201) throw new Error(`agent message answered ${answer.status}`);
    await system.arrival(system.botArrivals, text);
    return { text, workflowId: session.id, started };
  });
  await waitUntil(() => sent.every((s) => system.botArrivals.has(s.text)), DELIVERY_WAIT_MS);
  return sent.map((s) => ({ workflowId: s.workflowId, text: s.text, ms: (system.botArrivals.get(s.text) ?? Number.POSITIVE_INFINITY) - s.started }));
}

/** Relay latency both ways; `relayed` lists every message, for the history it cost. */
export async function measureRelay(
  system: BenchSystem,
  sessions: OpenSession[],
  messages: number,
  rate: number,
): Promise<{ result: RelayFigures; relayed: TimedMessage[] }> {
  const toAgent = await measureToAgent(system, sessions, messages, rate);
  const toBot = await measureToBot(system, sessions, messages, rate);
  const latencies = (sent: TimedMessage[]) => percentiles(sent.map((m) => m.ms));
  return { result: { toAgent: latencies(toAgent), toBot: latencies(toBot) }, relayed: [...toAgent, ...toBot] };
}

export type Baseline = 'floor' | 'memory';

/** Starts `count` runs (sessions) on a baseline; answers their ids. */
export function startBaselineRuns(system: BenchSystem, target: Baseline, count: number, clients = 8): Promise<string[]> {
  return closedLoop(clients, count, async () => {
    const answer = await system.call('POST', `/${target}/start`, { conversationId: randomUUID() });
    if (answer.status !== 200) throw new Error(`${target} start answered ${answer.status}`);
    return answer.body.id as string;
  });
}

export async function endFloorRuns(system: BenchSystem, ids: string[]): Promise<void> {
  await closedLoop(8, ids.length, (i) => system.call('POST', '/floor/end', { id: ids[i] }));
}

/**
 * The same message calls on a baseline's open runs: an update on the Temporal floor, an HTTP hop
 * in memory. The floor and the in-memory relay have no second leg: one figure serves both directions.
 */
export async function measureBaselineRelay(
  system: BenchSystem,
  target: Baseline,
  ids: string[],
  messages: number,
  rate: number,
): Promise<{ result: RelayFigures; relayed: TimedMessage[] }> {
  const sent = await paced(rate, messages, async (i) => {
    const workflowId = ids[i % ids.length]!;
    const text = `${target} message ${i} ${randomUUID()}`;
    const started = performance.now();
    const answer = await system.call('POST', `/${target}/messages`, { id: workflowId, messageId: `m-${i}-${randomUUID()}`, text });
    if (answer.status !== 202) throw new Error(`${target} message answered ${answer.status}`);
    return { workflowId, text, ms: target === 'memory' ? system.memoryArrivals.get(text)! - started : answer.ms };
  });
  const figures = percentiles(sent.map((m) => m.ms));
  return { result: { toAgent: figures, toBot: figures }, relayed: sent };
}
