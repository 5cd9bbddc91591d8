import { randomUUID } from 'node:crypto';
import { closedLoop, paced, waitUntil } from './load';
import type { OpenSession } from './sessions';
import { percentiles, type Percentiles } from './stats';
import type { BenchSystem } from './system';

export interface RelayFigures {
  toAgent: Percentiles;
  toBot: Percentiles;
}

const DELIVERY_WAIT_MS = 60_000;

/**
 * User message accepted by the API → on the desk. Messages arrive at a steady `rate` per second
 * spread over the open sessions, below saturation (the throughput figure finds that), so the
 * figure is the relay's own latency, not a queue's.
 */
export async function measureToAgent(system: BenchSystem, sessions: OpenSession[], messages: number, rate: number): Promise<number[]> {
  const sent = await paced(rate, messages, async (i) => {
    const session = sessions[i % sessions.length]!;
    const key = `m-${randomUUID()}`;
    const started = performance.now();
    const answer = await system.call('POST', system.handoffPath(session.id, '/messages'), { messageId: key, text: `user message ${i}` });
    if (answer.status !== 202) throw new Error(`message answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await system.arrival(system.deskArrivals, key);
    return { key, started };
  });
  await waitUntil(() => sent.every((s) => system.deskArrivals.has(s.key)), DELIVERY_WAIT_MS);
  return sent.map((s) => (system.deskArrivals.get(s.key) ?? Number.POSITIVE_INFINITY) - s.started);
}

/** Agent message posted on the desk → at the bot's callback; paced like `measureToAgent`. */
export async function measureToBot(system: BenchSystem, sessions: OpenSession[], messages: number, rate: number): Promise<number[]> {
  const sent = await paced(rate, messages, async (i) => {
    const session = sessions[i % sessions.length]!;
    const text = `agent message ${i} ${randomUUID()}`;
    const started = performance.now();
    const answer = await system.call('POST', `/desk/api/chats/${session.chatId}/messages`, { text });
    if (answer.status !== 201) throw new Error(`agent message answered ${answer.status}`);
    await system.arrival(system.botArrivals, text);
    return { text, started };
  });
  await waitUntil(() => sent.every((s) => system.botArrivals.has(s.text)), DELIVERY_WAIT_MS);
  return sent.map((s) => (system.botArrivals.get(s.text) ?? Number.POSITIVE_INFINITY) - s.started);
}

export async function measureRelay(system: BenchSystem, sessions: OpenSession[], messages: number, rate: number): Promise<RelayFigures> {
  return {
    toAgent: percentiles(await measureToAgent(system, sessions, messages, rate)),
    toBot: percentiles(await measureToBot(system, sessions, messages, rate)),
  };
}

/** The same message calls on the baselines: an update on the Temporal floor, an HTTP hop in memory. */
export async function measureBaselineRelay(
  system: BenchSystem,
  target: 'floor' | 'memory',
  sessionCount: number,
  messages: number,
  rate: number,
): Promise<RelayFigures> {
  const ids = await closedLoop(
    8,
    sessionCount,
    async () => (await system.call('POST', `/${target}/start`, { conversationId: randomUUID() })).body.id as string,
  );
  const samples = await paced(rate, messages, async (i) => {
    const text = `${target} message ${i} ${randomUUID()}`;
    const started = performance.now();
    const answer = await system.call('POST', `/${target}/messages`, { id: ids[i % ids.length], messageId: `m-${i}-${randomUUID()}`, text });
    if (answer.status !== 202) throw new Error(`${target} message answered ${answer.status}`);
    return target === 'memory' ? system.memoryArrivals.get(text)! - started : answer.ms;
  });
  if (target === 'floor') await closedLoop(8, ids.length, (i) => system.call('POST', '/floor/end', { id: ids[i] }));
  // The floor and the in-memory relay have no second leg: one figure serves both directions.
  const figures = percentiles(samples);
  return { toAgent: figures, toBot: figures };
}
