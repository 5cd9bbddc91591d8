import { randomUUID } from 'node:crypto';
import { paced, waitUntil } from './load';
import type { OpenSession } from './sessions';
import { percentiles } from './stats';
import type { BenchSystem } from './system';

export interface ThroughputFigure {
  msgsPerSec: number;
  p99: number;
  /** Every rate tried, in order, with its p99; the knee is the last one under 1 s. */
  levels: Array<{ offered: number; delivered: number; p99: number }>;
}

const KNEE_MS = 1_000;

/** Offers user messages to the open sessions at rising rates until p99 relay latency passes 1 s. */
export async function measureThroughput(system: BenchSystem, sessions: OpenSession[], rates: number[], secondsPerLevel: number): Promise<ThroughputFigure> {
  const levels: ThroughputFigure['levels'] = [];
  for (const rate of rates) {
    const began = performance.now();
    const sent = await paced(rate, Math.round(rate * secondsPerLevel), async (i) => {
      const session = sessions[i % sessions.length]!;
      const record: { key?: string; started: number } = { started: performance.now() };
      const messageId = `t-${randomUUID()}`;
      const answer = await system.call('POST', system.handoffPath(session.id, '/messages'), { messageId, text: `load ${i}` });
      if (answer.status === 202) record.key = messageId;
      return record;
    });
    const elapsed = (performance.now() - began) / 1_000;
    await waitUntil(() => sent.every((s) => s.key !== undefined && system.deskArrivals.has(s.key)), 20_000);
    const latencies = sent.map((s) =>
      s.key && system.deskArrivals.get(s.key) !== undefined ? system.deskArrivals.get(s.key)! - s.started : Number.POSITIVE_INFINITY,
    );
    const lastArrival = Math.max(...sent.map((s) => (s.key ? (system.deskArrivals.get(s.key) ?? 0) : 0)));
    const delivered = sent.filter((s) => s.key && system.deskArrivals.has(s.key)).length;
    const p99 = percentiles(latencies).p99;
    levels.push({ offered: rate, delivered: Math.round(delivered / Math.max(elapsed, (lastArrival - began) / 1_000)), p99 });
    if (!(p99 <= KNEE_MS)) break;
  }
  const knee = [...levels].reverse().find((l) => l.p99 <= KNEE_MS) ?? levels[0]!;
  return { msgsPerSec: knee.delivered, p99: knee.p99, levels };
}
