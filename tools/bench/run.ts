/**
 * `npm run bench [-- --quick]`: measures Handoff against its two baselines in the same run on the
 * same machine, prints a table, writes tools/bench/results.json and tools/bench/RESULTS.md (a quick run
 * tools/bench/results-quick.json and tools/bench/RESULTS-quick.md). `-- --cluster`
 * measures the same on a Temporal cluster (tools/bench/cluster.ts) and keeps the dev server's figures;
 * `-- --render` writes RESULTS.md again from results.json and tuning-notes.md, measuring nothing;
 * `-- --only <phase>[,<phase>…]` (start, relay, throughput, memory, long-chat, recovery) measures and
 * prints those phases, in the run's order, writing nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withHistoryCost, type HistoryCost } from './measure-history';
import { measureLongChat, type LongChatFigure } from './measure-long-chat';
import { measureIdleFloorRunsMemory, measureIdleSessionsMemory, type MemoryFigure } from './measure-memory';
import { measureRecovery, type RecoveryFigure, type RecoveryPlan } from './measure-recovery';
import { endFloorRuns, measureBaselineRelay, measureRelay, startBaselineRuns, type RelayFigures } from './measure-relay';
import { measureStart, measureStartsInterleaved, type StartTarget } from './measure-start';
import { floorSink, handoffSink, measureThroughput, type ThroughputFigure } from './measure-throughput';
import { machineSummary } from './processes';
import { renderMarkdown, renderTable, renderTargets } from './report';
import { closeSessions, discardSessions, openSessions, waitUntilClosed, type OpenSession } from './sessions';
import type { Percentiles } from './stats';
import { ratio } from './stats';
import { BenchSystem } from './system';
import { issueTargets, type Target } from './targets';
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
  /** Connected sessions the throughput is measured over, every one of them busy; the first is the base the others and the floor's knee compare to. */
  throughputSessions: number[];
  /** The row with more sessions open than busy: `open` connected sessions, of which `busy` get the messages. */
  throughputOpenBusy: { open: number; busy: number };
  throughputRates: number[];
  secondsPerRate: number;
  idleSessions: number[];
  /** Idle floor runs the worker's memory is read with, as `idleSessions` (the ratio compares the cost per run between the two largest counts both have). */
  floorIdleRuns: number[];
  /** One brokered chat of `messages` messages of `chars` characters, user and agent in turn. */
  longChat: { messages: number; chars: number };
  recovery: RecoveryPlan;
}

export const FULL: BenchPlan = {
  startCount: 500,
  startBlocks: 10,
  clients: [1, 8, 32],
  relayMessages: 2_000,
  relaySessions: 100,
  relayRate: 20,
  throughputSessions: [100, 1_000],
  throughputOpenBusy: { open: 5_000, busy: 1_000 },
  throughputRates: [20, 30, 40, 45, 50, 60, 80, 100, 150, 200, 300, 400],
  secondsPerRate: 8,
  idleSessions: [0, 1_000, 5_000],
  floorIdleRuns: [0, 1_000, 5_000],
  longChat: { messages: 2_200, chars: 2_000 },
  recovery: { sessions: 500, rate: 20, secondsBefore: 20, secondsAfter: 60 },
};

export const QUICK: BenchPlan = {
  startCount: 25,
  startBlocks: 5,
  clients: [1, 8, 32],
  relayMessages: 120,
  relaySessions: 20,
  relayRate: 20,
  throughputSessions: [100, 300],
  throughputOpenBusy: { open: 600, busy: 300 },
  throughputRates: [20, 40, 60, 100, 150, 200, 300],
  secondsPerRate: 3,
  idleSessions: [0, 300, 600],
  floorIdleRuns: [0, 300, 600],
  longChat: { messages: 700, chars: 2_000 },
  recovery: { sessions: 50, rate: 20, secondsBefore: 10, secondsAfter: 20 },
};

type StartFigures = Record<string, { clients: Record<string, Percentiles> }>;

export interface BenchResults {
  machine: string;
  startedAt: string;
  plan: BenchPlan;
  start: StartFigures;
  relay: RelayFigures;
  /** Keyed by connected sessions, all busy (`"100"`), or by open/busy (`"5000/1000"`: 5,000 connected, 1,000 of them getting the messages). */
  throughput: { sessions: Record<string, ThroughputFigure> };
  memory: { idleSessions: Record<string, MemoryFigure> };
  /** What the relayed messages added to their sessions' histories (every run), per message. */
  cost: HistoryCost;
  longChat: LongChatFigure;
  recovery: RecoveryFigure;
  floors: {
    temporal: {
      start: StartFigures[string];
      relay: RelayFigures;
      cost: HistoryCost;
      throughput: { sessions: Record<string, ThroughputFigure> };
      memory: { idleRuns: Record<string, MemoryFigure> };
    };
    inMemory: { start: StartFigures[string]; relay: RelayFigures };
  };
  ratios: { startVsTemporal: number; relayVsTemporal: number; relayVsInMemory: number };
  /** Issue 25's targets, each with its figure from this run. */
  targets: Target[];
  /** Worker processes that ended on their own during the run (each replaced at once): the figures of that phase are not the system's. */
  workerCrashes: BenchSystem['workerCrashes'];
  /** Steps that threw; their figures are missing and their targets not measured. */
  failures: Array<{ phase: string; error: string }>;
  /** The same figures on a Temporal cluster, with scaling (`npm run bench -- --cluster`, tools/bench/cluster.ts). */
  cluster?: ClusterResults;
}

export const PHASES = ['start', 'relay', 'throughput', 'memory', 'long-chat', 'recovery'] as const;
export type Phase = (typeof PHASES)[number];

/** Sessions whose histories the relay's cost is read from (every session gets the same share of the messages). */
const HISTORY_SAMPLE = 5;

/** Every phase, in the order that keeps one from weighing on the next; see `measurePhases`. */
export async function runBench(plan: BenchPlan, system: BenchSystem, log: (line: string) => void = console.log): Promise<BenchResults> {
  return (await measurePhases(plan, system, new Set(PHASES), log)) as BenchResults;
}

/**
 * The chosen phases (all of them for `runBench`). Memory is read in worker processes of its own,
 * after the throughput rows, each kind in a fresh one. Recovery comes last: it leaves a worker
 * without the floor's workflow.
 */
export async function measurePhases(
  plan: BenchPlan,
  system: BenchSystem,
  phases: Set<Phase>,
  log: (line: string) => void = console.log,
): Promise<Partial<BenchResults>> {
  const results: Partial<BenchResults> = { machine: machineSummary(), startedAt: new Date().toISOString(), plan };
  const temporalFloor: Partial<BenchResults['floors']['temporal']> = {};
  const inMemoryFloor: Partial<BenchResults['floors']['inMemory']> = {};
  const failures: BenchResults['failures'] = [];
  // A step that fails is recorded and the run goes on: its targets read "not measured".
  const step = async (name: string, measure: () => Promise<void>) => {
    system.phase = name;
    try {
      await measure();
    } catch (error) {
      failures.push({ phase: name, error: String(error) });
      log(`bench: ${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
  };

  if (phases.has('start')) {
    await step('start', async () => {
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
      results.start = {};
      for (const mode of ['url', 'api', 'broker'] as const) results.start[mode] = { clients: byTarget.get(mode)! };
      temporalFloor.start = { clients: byTarget.get('floor')! };
      inMemoryFloor.start = { clients: byTarget.get('memory')! };
    });
  }

  if (phases.has('relay')) {
    await step('relay', async () => {
      const relaySessions = await openSessions(system, plan.relaySessions, true);
      const relay = await withHistoryCost(
        system.client,
        relaySessions.slice(0, HISTORY_SAMPLE).map((s) => s.id),
        () => measureRelay(system, relaySessions, plan.relayMessages, plan.relayRate),
      );
      results.relay = relay.result;
      results.cost = relay.cost;
      log(`relay: ${JSON.stringify(relay.result)}; history per message: ${JSON.stringify(relay.cost)}`);
      await closeSessions(system, relaySessions);
      const floorRuns = await startBaselineRuns(system, 'floor', plan.relaySessions);
      const floorRelay = await withHistoryCost(system.client, floorRuns.slice(0, HISTORY_SAMPLE), () =>
        measureBaselineRelay(system, 'floor', floorRuns, plan.relayMessages, plan.relayRate),
      );
      await endFloorRuns(system, floorRuns);
      temporalFloor.relay = floorRelay.result;
      temporalFloor.cost = floorRelay.cost;
      const memoryRuns = await startBaselineRuns(system, 'memory', plan.relaySessions);
      inMemoryFloor.relay = (await measureBaselineRelay(system, 'memory', memoryRuns, plan.relayMessages, plan.relayRate)).result;
      log(`relay floors: temporal ${JSON.stringify(floorRelay.result.toAgent)}, in-memory ${JSON.stringify(inMemoryFloor.relay.toAgent)}`);
      log(`floor history per message: ${JSON.stringify(floorRelay.cost)}`);
    });
  }

  if (phases.has('throughput')) {
    const throughput: Record<string, ThroughputFigure> = {};
    results.throughput = { sessions: throughput };
    for (const n of plan.throughputSessions) {
      await step(`throughput, ${n} sessions`, async () => {
        const sessions = await openSessions(system, n, true);
        throughput[String(n)] = await measureThroughput(handoffSink(system, sessions), plan.throughputRates, plan.secondsPerRate);
        log(`throughput with ${n} sessions: ${JSON.stringify(throughput[String(n)])}`);
        await closeAndWait(system, sessions);
      });
    }
    const { open, busy } = plan.throughputOpenBusy;
    await step(`throughput, ${open} open / ${busy} busy`, async () => {
      // Open sessions are connected chats that say nothing: queued ones would also hear of every accept's new wait estimate.
      const sessions = await openSessions(system, open, true);
      const key = `${open}/${busy}`;
      throughput[key] = await measureThroughput(handoffSink(system, sessions.slice(0, busy)), plan.throughputRates, plan.secondsPerRate);
      log(`throughput with ${key} open/busy sessions: ${JSON.stringify(throughput[key])}`);
      await closeAndWait(system, sessions);
    });
    const floorCount = plan.throughputSessions[0]!;
    await step(`throughput, ${floorCount} floor runs`, async () => {
      const floorRuns = await startBaselineRuns(system, 'floor', floorCount);
      const floorFigure = await measureThroughput(floorSink(system, floorRuns), plan.throughputRates, plan.secondsPerRate);
      await endFloorRuns(system, floorRuns);
      temporalFloor.throughput = { sessions: { [String(floorCount)]: floorFigure } };
      log(`floor throughput with ${floorCount} runs: ${JSON.stringify(floorFigure)}`);
    });
  }

  if (phases.has('memory')) {
    await step('memory, idle floor runs', async () => {
      const floor = await measureIdleFloorRunsMemory(system, plan.floorIdleRuns);
      temporalFloor.memory = { idleRuns: floor.figures };
      log(`memory with idle floor runs (a fresh worker): ${JSON.stringify(floor.figures)}`);
      await endFloorRuns(system, floor.runIds);
    });
    await step('memory, idle sessions', async () => {
      const brokered = await measureIdleSessionsMemory(system, plan.idleSessions);
      results.memory = { idleSessions: brokered.figures };
      log(`memory with idle sessions (a fresh worker): ${JSON.stringify(brokered.figures)}`);
      // Queued sessions poll the desk every 30 s: left running, thousands of them would load every later phase.
      await discardSessions(system, brokered.sessions);
      // Their runs stay in the worker's cache until evicted, and every cached run slows every activation: the next phases start on an empty one.
      await system.replaceWorker();
    });
  }

  if (phases.has('long-chat')) {
    await step('long chat', async () => {
      results.longChat = await measureLongChat(system, plan.longChat.messages, plan.longChat.chars);
      log(`long chat: ${JSON.stringify(results.longChat)}`);
    });
  }
  if (phases.has('recovery')) {
    await step('recovery', async () => {
      results.recovery = await measureRecovery(system, plan.recovery);
      log(`recovery: ${JSON.stringify(results.recovery)}`);
    });
  }

  results.floors = { temporal: temporalFloor, inMemory: inMemoryFloor } as BenchResults['floors'];
  if (results.start && results.relay) {
    const at8 = (figures: { clients: Record<string, Percentiles> }) => figures.clients['8'] ?? Object.values(figures.clients)[0]!;
    results.ratios = {
      startVsTemporal: ratio(at8(results.start.url!).p50, at8(temporalFloor.start!).p50),
      relayVsTemporal: ratio(results.relay.toAgent.p50, temporalFloor.relay!.toAgent.p50),
      relayVsInMemory: ratio(results.relay.toAgent.p50, inMemoryFloor.relay!.toAgent.p50),
    };
  }
  results.targets = issueTargets(results);
  results.workerCrashes = [...system.workerCrashes];
  results.failures = failures;
  return results;
}

/** Cancels connected sessions and waits (2 min at most) until their runs have closed, so the next row starts from nothing. */
async function closeAndWait(system: BenchSystem, sessions: OpenSession[]): Promise<void> {
  await closeSessions(system, sessions);
  await waitUntilClosed(
    system,
    sessions.map((s) => s.id),
    120_000,
  );
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  if (process.argv.includes('--only')) {
    // Some phases while they are being worked on: printed, not written (results.json holds whole runs, whose ratios compare).
    const only = (process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',');
    if (!only.every((phase) => PHASES.includes(phase as Phase))) throw new Error(`--only takes phases among ${PHASES.join(', ')}, separated by commas`);
    const system = await BenchSystem.start();
    try {
      const figures = await measurePhases(quick ? QUICK : FULL, system, new Set(only as Phase[]));
      console.log(JSON.stringify(figures, null, 2));
      console.log(renderTargets(figures.targets ?? []));
    } catch (error) {
      console.error(`bench: ${system.phase} failed:`, error);
      throw error;
    } finally {
      await system.stop();
    }
    return;
  }
  const dir = fileURLToPath(new URL('.', import.meta.url));
  // A quick run keeps its figures apart, so that the full run's stay beside them.
  const [resultsFile, resultsPage] = quick ? ['results-quick.json', 'RESULTS-quick.md'] : ['results.json', 'RESULTS.md'];
  const previous = existsSync(`${dir}${resultsFile}`) ? (JSON.parse(readFileSync(`${dir}${resultsFile}`, 'utf8')) as BenchResults) : undefined;
  let results: BenchResults;
  if (process.argv.includes('--render')) {
    // RESULTS.md again from the last figures, after tuning-notes.md changed: nothing is measured.
    if (!previous) throw new Error(`run \`npm run bench\` first: --render writes ${resultsPage} from bench/${resultsFile}`);
    // The targets are judged again, so a change in how one is judged shows without measuring again.
    results = { ...previous, targets: issueTargets(previous) };
  } else if (process.argv.includes('--cluster')) {
    // The cluster's figures go beside the dev server's of the last `npm run bench`.
    if (!previous) throw new Error('run `npm run bench` first: --cluster adds the figures of a cluster to those of the dev server');
    const { runClusterBench } = await import('./cluster');
    results = { ...previous, cluster: await runClusterBench(quick ? QUICK : FULL, runBench) };
  } else {
    const system = await BenchSystem.start();
    try {
      results = { ...(await runBench(quick ? QUICK : FULL, system)), ...(previous?.cluster && { cluster: previous.cluster }) };
    } catch (error) {
      // Said before the system stops, which may end the process first.
      console.error(`bench: ${system.phase} failed:`, error);
      throw error;
    } finally {
      await system.stop();
    }
  }
  writeFileSync(`${dir}${resultsFile}`, `${JSON.stringify(results, null, 2)}\n`);
  const notesFile = `${dir}tuning-notes.md`;
  const devQuick = results.plan.startCount < FULL.startCount;
  writeFileSync(`${dir}${resultsPage}`, renderMarkdown(results, devQuick, existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''));
  console.log(renderTable(results));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
