/**
 * `npm run bench [-- --quick]`: measures Handoff against its two baselines in the same run on the
 * same machine, prints a table, writes bench/results.json and bench/RESULTS.md. `-- --cluster`
 * measures the same on a Temporal cluster (bench/cluster.ts) and keeps the dev server's figures;
 * `-- --render` writes RESULTS.md again from results.json and tuning-notes.md, measuring nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureHistoryCost, measureMemory, type HistoryCost, type MemoryFigure } from './measure-cost';
import { measureBaselineRelay, measureRelay, type RelayFigures } from './measure-relay';
import { measureStart, measureStartsInterleaved, type StartTarget } from './measure-start';
import { measureThroughput, type ThroughputFigure } from './measure-throughput';
import { machineSummary } from './processes';
import { renderMarkdown, renderTable } from './report';
import { closeSessions, openSessions } from './sessions';
import type { Percentiles } from './stats';
import { ratio } from './stats';
import { BenchSystem } from './system';
import type { ClusterResults } from './cluster';

export interface BenchPlan {
  startCount: number;
  /**
   * Blocks each start row is measured in, interleaved with the other targets' (measure-start.ts); at
   * most as many as leave every block four starts per client, so that the clients' first burst and
   * last stragglers stay a small part of it. @default 1
   */
  startBlocks?: number;
  clients: number[];
  relayMessages: number;
  relaySessions: number;
  /** Messages per second in each direction while relay latency is measured. */
  relayRate: number;
  throughputSessions: number[];
  throughputRates: number[];
  secondsPerRate: number;
  idleSessions: number[];
}

export const FULL: BenchPlan = {
  startCount: 500,
  startBlocks: 10,
  clients: [1, 8, 32],
  relayMessages: 2_000,
  relaySessions: 100,
  relayRate: 20,
  throughputSessions: [100, 1_000],
  throughputRates: [20, 30, 40, 45, 50, 60, 80, 100, 150, 200, 300, 400],
  secondsPerRate: 8,
  idleSessions: [0, 1_000, 5_000],
};

export const QUICK: BenchPlan = {
  startCount: 25,
  startBlocks: 5,
  clients: [1, 8, 32],
  relayMessages: 120,
  relaySessions: 20,
  relayRate: 20,
  throughputSessions: [100],
  throughputRates: [20, 40, 60],
  secondsPerRate: 3,
  idleSessions: [0, 100, 200],
};

type StartFigures = Record<string, { clients: Record<string, Percentiles> }>;

export interface BenchResults {
  machine: string;
  startedAt: string;
  plan: BenchPlan;
  start: StartFigures;
  relay: RelayFigures;
  throughput: { sessions: Record<string, ThroughputFigure> };
  memory: { idleSessions: Record<string, MemoryFigure> };
  cost: HistoryCost;
  floors: { temporal: { start: StartFigures[string]; relay: RelayFigures }; inMemory: { start: StartFigures[string]; relay: RelayFigures } };
  ratios: { startVsTemporal: number; relayVsTemporal: number; relayVsInMemory: number };
  /** The same figures on a Temporal cluster, with scaling (`npm run bench -- --cluster`, bench/cluster.ts). */
  cluster?: ClusterResults;
}

export async function runBench(plan: BenchPlan, system: BenchSystem, log: (line: string) => void = console.log): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const memory: Record<string, MemoryFigure> = {};
  if (plan.idleSessions.includes(0)) memory['0'] = await measureMemory(system);

  const targets: StartTarget[] = ['url', 'api', 'broker', 'floor', 'memory'];
  for (const target of targets) await measureStart(system, target, 4, 20); // warm-up: bundles cached, connections open
  const byTarget = new Map<StartTarget, Record<string, Percentiles>>(targets.map((target) => [target, {}]));
  for (const n of plan.clients) {
    const blocks = Math.max(1, Math.min(plan.startBlocks ?? 1, Math.floor(plan.startCount / (4 * n))));
    const figures = await measureStartsInterleaved(system, targets, n, plan.startCount, blocks);
    for (const [target, p] of figures) {
      byTarget.get(target)![String(n)] = p;
      log(`start ${target} × ${n} clients: ${JSON.stringify(p)}`);
    }
  }
  const start: StartFigures = {};
  for (const mode of ['url', 'api', 'broker'] as const) start[mode] = { clients: byTarget.get(mode)! };
  const floorStart = { clients: byTarget.get('floor')! };
  const memoryStart = { clients: byTarget.get('memory')! };

  const relaySessions = await openSessions(system, plan.relaySessions, true);
  const relay = await measureRelay(system, relaySessions, plan.relayMessages, plan.relayRate);
  log(`relay: ${JSON.stringify(relay)}`);
  const cost = await measureHistoryCost(system, relaySessions[0]!, (2 * plan.relayMessages) / plan.relaySessions);
  await closeSessions(system, relaySessions);
  const floorRelay = await measureBaselineRelay(system, 'floor', plan.relaySessions, plan.relayMessages, plan.relayRate);
  const memoryRelay = await measureBaselineRelay(system, 'memory', plan.relaySessions, plan.relayMessages, plan.relayRate);
  log(`relay floors: temporal ${JSON.stringify(floorRelay.toAgent)}, in-memory ${JSON.stringify(memoryRelay.toAgent)}`);

  const throughput: Record<string, ThroughputFigure> = {};
  for (const n of plan.throughputSessions) {
    const sessions = await openSessions(system, n, true);
    throughput[String(n)] = await measureThroughput(system, sessions, plan.throughputRates, plan.secondsPerRate);
    log(`throughput with ${n} sessions: ${JSON.stringify(throughput[String(n)])}`);
    await closeSessions(system, sessions);
  }

  let open: Awaited<ReturnType<typeof openSessions>> = [];
  for (const n of plan.idleSessions.filter((n) => n > 0)) {
    open = open.concat(await openSessions(system, n - open.length, false));
    memory[String(n)] = await measureMemory(system);
    log(`memory with ${n} idle sessions: ${JSON.stringify(memory[String(n)])}`);
  }
  // The idle sessions are left open: the system under test is torn down right after.

  const at8 = (figures: { clients: Record<string, Percentiles> }) => figures.clients['8'] ?? Object.values(figures.clients)[0]!;
  return {
    machine: machineSummary(),
    startedAt,
    plan,
    start,
    relay,
    throughput: { sessions: throughput },
    memory: { idleSessions: memory },
    cost,
    floors: { temporal: { start: floorStart, relay: floorRelay }, inMemory: { start: memoryStart, relay: memoryRelay } },
    ratios: {
      startVsTemporal: ratio(at8(start.url!).p50, at8(floorStart).p50),
      relayVsTemporal: ratio(relay.toAgent.p50, floorRelay.toAgent.p50),
      relayVsInMemory: ratio(relay.toAgent.p50, memoryRelay.toAgent.p50),
    },
  };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const previous = existsSync(`${dir}results.json`) ? (JSON.parse(readFileSync(`${dir}results.json`, 'utf8')) as BenchResults) : undefined;
  let results: BenchResults;
  if (process.argv.includes('--render')) {
    // RESULTS.md again from the last figures, after tuning-notes.md changed: nothing is measured.
    if (!previous) throw new Error('run `npm run bench` first: --render writes RESULTS.md from bench/results.json');
    results = previous;
  } else if (process.argv.includes('--cluster')) {
    // The cluster's figures go beside the dev server's of the last `npm run bench`.
    if (!previous) throw new Error('run `npm run bench` first: --cluster adds the figures of a cluster to those of the dev server');
    const { runClusterBench } = await import('./cluster');
    results = { ...previous, cluster: await runClusterBench(quick ? QUICK : FULL, runBench) };
  } else {
    const system = await BenchSystem.start();
    try {
      results = { ...(await runBench(quick ? QUICK : FULL, system)), ...(previous?.cluster && { cluster: previous.cluster }) };
    } finally {
      await system.stop();
    }
  }
  writeFileSync(`${dir}results.json`, `${JSON.stringify(results, null, 2)}\n`);
  const notesFile = `${dir}tuning-notes.md`;
  const devQuick = results.plan.startCount < FULL.startCount;
  writeFileSync(`${dir}RESULTS.md`, renderMarkdown(results, devQuick, existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''));
  console.log(renderTable(results));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
