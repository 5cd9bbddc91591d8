/**
 * `npx tsx tools/bench/start-trace.ts [rounds] [url,api,broker] [--threads [--tids]]`: where a start's time goes. Each round
 * starts a block of 10 handoffs of each mode and 10 on the Temporal floor, one client at a time, the
 * blocks interleaved (so a busy machine weighs on all of them alike). For each it reads the run's
 * history and splits the bot's wait by the server's own event times: before the run exists (the
 * API, the gRPC call), the first workflow task waiting for a worker, running (the local activities
 * among it), and the answer's way back. It also counts the CPU each block cost the worker process,
 * the Temporal server and this process (API, desk), and the history events and workflow tasks up
 * to the answer. Handoffs are ended only after the last round, so no wrap-up runs during a block.
 */
import proto from '@temporalio/proto';
import { fileURLToPath } from 'node:url';
import type { HandoffMode } from '../../contracts/status';
import { closedLoop } from './load';
import { cpuMs, threadCpuMs } from './processes';
import { percentiles } from './stats';
import { BenchSystem } from './system';

const EventType = proto.temporal.api.enums.v1.EventType;
type Target = HandoffMode | 'floor';
const BLOCK = 10;
const BY_TID = process.argv.includes('--tids');

interface Sample {
  ms: number;
  beforeRun: number;
  toWorker: number;
  workflowTask: number;
  after: number;
  events: number;
  tasks: number;
}

const millis = (time: unknown): number => {
  const t = time as { seconds?: { toNumber(): number } | number; nanos?: number } | undefined;
  const seconds = typeof t?.seconds === 'number' ? t.seconds : (t?.seconds?.toNumber() ?? 0);
  return seconds * 1_000 + (t?.nanos ?? 0) / 1e6;
};

async function startOne(system: BenchSystem, target: Target): Promise<{ id: string; sentAt: number; answeredAt: number; ms: number }> {
  const profile = target === 'floor' ? 'default' : ({ broker: 'default', url: 'url', api: 'api' } as const)[target];
  const sentAt = Date.now();
  const answer = await system.call('POST', target === 'floor' ? '/floor/start' : '/v1/handoffs', system.request(profile));
  if (answer.status !== 200) throw new Error(`${target} answered ${answer.status}`);
  return { id: answer.body.id as string, sentAt, answeredAt: Date.now(), ms: answer.ms };
}

async function sampleOf(system: BenchSystem, started: Awaited<ReturnType<typeof startOne>>): Promise<Sample> {
  const history = await system.client.workflow.getHandle(started.id).fetchHistory();
  const events = history.events ?? [];
  const firstCompleted = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const nextTask = events.findIndex((e, i) => i > firstCompleted && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  const untilAnswer = nextTask === -1 ? events : events.slice(0, nextTask);
  const at = (type: number) => millis(events.find((e) => e.eventType === type)?.eventTime);
  const runStarted = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const taskStarted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const taskCompleted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  return {
    ms: started.ms,
    beforeRun: runStarted - started.sentAt,
    toWorker: taskStarted - runStarted,
    workflowTask: taskCompleted - taskStarted,
    after: started.answeredAt - taskCompleted,
    events: untilAnswer.length,
    tasks: untilAnswer.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
  };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 4);
  const targets: Target[] = ['floor', ...((process.argv[3]?.split(',') ?? ['url', 'api', 'broker']) as Target[]).filter((t) => t !== 'floor')];
  const system = await BenchSystem.start();
  const open: Array<{ target: Target; id: string }> = [];
  try {
    for (let i = 0; i < 3; i++) for (const t of targets) open.push({ target: t, id: (await startOne(system, t)).id }); // warm-up
    const samples = new Map<Target, Sample[]>(targets.map((t) => [t, []]));
    const cpu = new Map<Target, { worker: number; server: number; api: number }>(targets.map((t) => [t, { worker: 0, server: 0, api: 0 }]));
    const threads = new Map<Target, Map<string, number>>(targets.map((t) => [t, new Map()]));
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) {
        const before = {
          worker: cpuMs(system.worker.pid),
          server: cpuMs(system.temporal!.pid),
          api: process.cpuUsage(),
          threads: threadCpuMs(system.worker.pid, BY_TID),
        };
        const block = [];
        for (let i = 0; i < BLOCK; i++) block.push(await startOne(system, t));
        const used = cpu.get(t)!;
        used.worker += cpuMs(system.worker.pid) - before.worker;
        used.server += cpuMs(system.temporal!.pid) - before.server;
        const api = process.cpuUsage(before.api);
        used.api += (api.user + api.system) / 1_000;
        for (const [name, ms] of threadCpuMs(system.worker.pid, BY_TID)) {
          threads.get(t)!.set(name, (threads.get(t)!.get(name) ?? 0) + ms - (before.threads.get(name) ?? 0));
        }
        for (const started of block) {
          samples.get(t)!.push(await sampleOf(system, started));
          open.push({ target: t, id: started.id });
        }
      }
    }
    const floor = percentiles(samples.get('floor')!.map((s) => s.ms));
    for (const t of targets) {
      const all = samples.get(t)!;
      const p = percentiles(all.map((s) => s.ms));
      const median = (key: keyof Sample) => percentiles(all.map((s) => s[key])).p50;
      const perStart = (ms: number) => (ms / all.length).toFixed(1);
      const used = cpu.get(t)!;
      console.log(
        `${t.padEnd(6)} p50 ${p.p50} p99 ${p.p99} (×${(p.p50 / floor.p50).toFixed(2)} / ×${(p.p99 / floor.p99).toFixed(2)}) | medians: before run ${median('beforeRun')}, ` +
          `to worker ${median('toWorker')}, workflow task ${median('workflowTask')}, answer back ${median('after')} | ` +
          `CPU ms per start: worker ${perStart(used.worker)}, server ${perStart(used.server)}, API+desk ${perStart(used.api)} | ` +
          `${median('events')} events, ${median('tasks')} tasks to the answer`,
      );
      if (process.argv.includes('--threads')) {
        const byThread = [...threads.get(t)!].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
        console.log(`       worker CPU ms per start by thread: ${byThread.map(([name, ms]) => `${name} ${perStart(ms)}`).join(', ')}`);
      }
    }
  } finally {
    await closedLoop(4, open.length, async (i) => {
      const { target, id } = open[i]!;
      if (target === 'floor') await system.call('POST', '/floor/end', { id });
      else if (target !== 'url') await system.call('POST', system.handoffPath(id, '/cancel'));
    });
    await system.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
