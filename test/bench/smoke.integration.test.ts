/** Keeps the benchmark from rotting: a tiny run of the real thing. No timing is asserted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench, type BenchPlan } from '../../tools/bench/run';
import { renderMarkdown, renderTable } from '../../tools/bench/report';
import { BenchSystem } from '../../tools/bench/system';

const TINY: BenchPlan = {
  startCount: 3,
  clients: [1, 2],
  relayMessages: 6,
  relaySessions: 2,
  relayRate: 20,
  throughputSessions: [2],
  throughputOpenBusy: { open: 3, busy: 2 },
  throughputRates: [5],
  secondsPerRate: 1,
  idleSessions: [0, 3],
  floorIdleRuns: [0, 3],
  longChat: { messages: 4, chars: 2_000 },
  recovery: { sessions: 2, rate: 5, secondsBefore: 1, secondsAfter: 2 },
};

let system: BenchSystem;
beforeAll(async () => {
  system = await BenchSystem.start();
}, 120_000);
afterAll(async () => {
  await system?.stop();
});

describe('the benchmark', () => {
  it('measures every figure of results.json against both baselines', async () => {
    const results = await runBench(TINY, system, () => undefined);
    expect(results.failures).toEqual([]);
    expect(results.workerCrashes).toEqual([]);
    const finite = (p: { p50: number; p95: number; p99: number }) => [p.p50, p.p95, p.p99].every(Number.isFinite);
    for (const mode of ['url', 'api', 'broker']) {
      expect(Object.keys(results.start[mode]!.clients)).toEqual(['1', '2']);
      expect(Object.values(results.start[mode]!.clients).every(finite)).toBe(true);
    }
    expect(finite(results.relay.toAgent) && finite(results.relay.toBot)).toBe(true);
    expect(finite(results.floors.temporal.relay.toAgent) && finite(results.floors.inMemory.relay.toAgent)).toBe(true);
    expect(results.throughput.sessions['2']!.levels).toHaveLength(1);
    expect(results.throughput.sessions['3/2']!.undelivered).toBe(0);
    expect(results.floors.temporal.throughput.sessions['2']!.msgsPerSec).toBeGreaterThan(0);
    expect(results.memory.idleSessions['3']!.workerRssMiB).toBeGreaterThan(0);
    expect(results.floors.temporal.memory.idleRuns['3']!.workerRssMiB).toBeGreaterThan(0);
    expect(results.cost.eventsPerMessage).toBeGreaterThan(0);
    expect(results.cost.bytesPerMessage).toBeGreaterThan(results.cost.messageBytes);
    expect(results.floors.temporal.cost.bytesPerMessage).toBeGreaterThan(results.floors.temporal.cost.messageBytes);
    expect(results.longChat).toMatchObject({ messagesRelayed: 4, closed: true, transcript: { complete: true } });
    expect(results.recovery.restartSeconds).toBeGreaterThan(0);
    expect(Object.values(results.ratios).every(Number.isFinite)).toBe(true);
    expect(results.targets.length).toBeGreaterThan(10);
    const oneClient = results.targets.filter((t) => t.name.startsWith('start') && t.name.includes(', 1 client:'));
    expect(oneClient.map((t) => t.measured)).toEqual(Array(6).fill(expect.any(Number)));
    expect(renderTable(results)).toContain('issue 25 targets');
    expect(renderMarkdown(results, true, '## Notes')).toContain("## Against issue 25's targets");
  }, 360_000);
});
