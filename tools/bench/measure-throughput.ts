import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { paced, waitUntil } from './load';
import type { OpenSession } from './sessions';
import { percentiles } from './stats';
import type { BenchSystem } from './system';

export interface ThroughputFigure {
  msgsPerSec: number;
  p99: number;
  /** Every rate tried, in order, with its p99; the knee is the last one under 1 s. */
  levels: Array<{ offered: number; delivered: number; p99: number; undelivered: number }>;
  /** Messages offered over all levels that never arrived: refused, or not there once deliveries stopped (`DRAIN_QUIET_MS`). */
  undelivered: number;
  /** Of those, refused by the API (not 202), e.g. 503 `temporal_unavailable`. */
  refused: number;
}

/** Where the messages go: `send` offers one (true when accepted); `arrivals` has when each arrived, by key. */
export interface MessageSink {
  send(index: number, key: string): Promise<boolean>;
  arrivals: Map<string, number>;
}

/** User messages to open brokered sessions, arriving on the desk. */
export function handoffSink(system: BenchSystem, sessions: OpenSession[]): MessageSink {
  return {
    arrivals: system.deskArrivals,
    async send(index, key) {
      const session = sessions[index % sessions.length]!;
      const answer = await system.call('POST', system.handoffPath(session.id, '/messages'), { messageId: key, text: `load ${index}` });
      return answer.status === 202;
    },
  };
}

/** The floor's message update over open floor runs: it has no second leg, so a message has arrived when its update answered. */
export function floorSink(system: BenchSystem, runIds: string[]): MessageSink {
  const arrivals = new Map<string, number>();
  return {
    arrivals,
    async send(index, key) {
      const answer = await system.call('POST', '/floor/messages', { id: runIds[index % runIds.length], messageId: key, text: `load ${index}` });
      if (answer.status === 202) arrivals.set(key, performance.now());
      return answer.status === 202;
    },
  };
}

const KNEE_MS = 1_000;
/** How long a level's messages are waited for before its p99 is taken (the late ones count as never). */
const LEVEL_WAIT_MS = 20_000;
/** After the last level, deliveries are waited for until none came for this long (a backlog still draining counts as delivered). */
const DRAIN_QUIET_MS = 30_000;
const DRAIN_MAX_MS = 300_000;

/** Offers messages to `sink` at rising rates until p99 relay latency passes 1 s, then counts what never arrived. */
export async function measureThroughput(sink: MessageSink, rates: number[], secondsPerLevel: number): Promise<ThroughputFigure> {
  const levels: Array<{ offered: number; delivered: number; p99: number; sent: Array<{ key: string; accepted: boolean }> }> = [];
  for (const rate of rates) {
    const began = performance.now();
    const sent = await paced(rate, Math.round(rate * secondsPerLevel), async (i) => {
      const started = performance.now();
      const key = `t-${randomUUID()}`;
      return { key, started, accepted: await sink.send(i, key) };
    });
    const elapsed = (performance.now() - began) / 1_000;
    await waitUntil(() => sent.every((s) => !s.accepted || sink.arrivals.has(s.key)), LEVEL_WAIT_MS);
    const arrivedAt = (s: { key: string; accepted: boolean }) => (s.accepted ? sink.arrivals.get(s.key) : undefined);
    const latencies = sent.map((s) => (arrivedAt(s) ?? Number.POSITIVE_INFINITY) - s.started);
    const lastArrival = Math.max(...sent.map((s) => arrivedAt(s) ?? 0));
    const delivered = sent.filter((s) => arrivedAt(s) !== undefined).length;
    const p99 = percentiles(latencies).p99;
    levels.push({ offered: rate, delivered: Math.round(delivered / Math.max(elapsed, (lastArrival - began) / 1_000)), p99, sent });
    if (!(p99 <= KNEE_MS)) break;
  }
  const all = levels.flatMap((l) => l.sent);
  await drain(
    all.filter((s) => s.accepted).map((s) => s.key),
    sink.arrivals,
  );
  const undelivered = (sent: typeof all) => sent.filter((s) => !s.accepted || !sink.arrivals.has(s.key)).length;
  const knee = [...levels].reverse().find((l) => l.p99 <= KNEE_MS) ?? levels[0]!;
  return {
    msgsPerSec: knee.delivered,
    p99: knee.p99,
    levels: levels.map(({ offered, delivered, p99, sent }) => ({ offered, delivered, p99, undelivered: undelivered(sent) })),
    undelivered: undelivered(all),
    refused: all.filter((s) => !s.accepted).length,
  };
}

async function drain(keys: string[], arrivals: Map<string, number>): Promise<void> {
  const arrivedCount = () => keys.filter((key) => arrivals.has(key)).length;
  const deadline = Date.now() + DRAIN_MAX_MS;
  let arrived = arrivedCount();
  let lastProgress = Date.now();
  while (arrived < keys.length && Date.now() - lastProgress < DRAIN_QUIET_MS && Date.now() < deadline) {
    await sleep(250);
    const now = arrivedCount();
    if (now > arrived) {
      arrived = now;
      lastProgress = Date.now();
    }
  }
}
