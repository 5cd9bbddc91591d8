/**
 * `npx tsx tools/bench/relay-trace.ts [rate] [seconds] [sessions] [toAgent|toBot|none] [--floor]`: what a relayed message costs under
 * load. Opens `sessions` connected brokered sessions (100), then offers user messages at `rate`
 * per second (150) for `seconds` (10), then as many agent messages; for each direction prints the
 * delivered rate, p50/p99 latency, the CPU per message of the worker process (by thread), the
 * Temporal server and this process (API, desk), and the history events and workflow tasks the
 * sessions gained per message.
 */
import proto from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { currentHistories } from './histories';
import { closedLoop, paced, waitUntil } from './load';
import { cpuMs, threadCpuMs } from './processes';
import { closeSessions, openSessions, type OpenSession } from './sessions';
import { percentiles } from './stats';
import { BenchSystem } from './system';

const EventType = proto.temporal.api.enums.v1.EventType;

async function historyTotals(system: BenchSystem, sessions: OpenSession[]): Promise<{ events: number; tasks: number }> {
  const events = (
    await currentHistories(
      system,
      sessions.map((s) => s.id),
    )
  ).flat();
  return { events: events.length, tasks: events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length };
}

async function measure(system: BenchSystem, sessions: OpenSession[], direction: 'toAgent' | 'toBot' | 'floor', rate: number, seconds: number): Promise<void> {
  const historyBefore = direction === 'floor' ? { events: 0, tasks: 0 } : await historyTotals(system, sessions);
  const before = { worker: threadCpuMs(system.worker.pid), server: cpuMs(system.temporal!.pid), api: process.cpuUsage() };
  const began = performance.now();
  const sent = await paced(rate, rate * seconds, async (i) => {
    const session = sessions[i % sessions.length]!;
    const started = performance.now();
    if (direction === 'floor') {
      const answer = await system.call('POST', '/floor/messages', { id: session.id, messageId: `f-${randomUUID()}`, text: `load ${i}` });
      system.memoryArrivals.set(`floor ${i}`, performance.now());
      if (answer.status !== 202) throw new Error(`floor answered ${answer.status}`);
      return { key: `floor ${i}`, started };
    }
    if (direction === 'toAgent') {
      const key = `r-${randomUUID()}`;
      await system.call('POST', system.handoffPath(session.id, '/messages'), { messageId: key, text: `load ${i}` });
      return { key, started };
    }
    const key = `agent load ${i} ${randomUUID()}`;
    await system.call('POST', `/desk/api/chats/${session.chatId}/messages`, { text: key });
    return { key, started };
  });
  const arrivals = direction === 'toAgent' ? system.deskArrivals : direction === 'toBot' ? system.botArrivals : system.memoryArrivals;
  await waitUntil(() => sent.every((s) => arrivals.has(s.key)), 60_000);
  const elapsed = (Math.max(...sent.map((s) => arrivals.get(s.key) ?? 0)) - began) / 1_000;
  const workerAfter = threadCpuMs(system.worker.pid);
  const server = cpuMs(system.temporal!.pid) - before.server;
  const apiUsage = process.cpuUsage(before.api);
  const historyAfter = direction === 'floor' ? { events: 0, tasks: 0 } : await historyTotals(system, sessions);
  const n = sent.length;
  const latency = percentiles(sent.map((s) => (arrivals.get(s.key) ?? Number.POSITIVE_INFINITY) - s.started));
  const worker = [...workerAfter].map(([name, ms]) => [name, ms - (before.worker.get(name) ?? 0)] as const).filter(([, ms]) => ms > 0);
  const workerTotal = worker.reduce((a, [, ms]) => a + ms, 0);
  const per = (ms: number) => (ms / n).toFixed(2);
  console.log(
    `${direction}: ${n} messages at ${rate}/s → ${(n / elapsed).toFixed(0)}/s delivered, p50 ${latency.p50} p99 ${latency.p99} ms | ` +
      `CPU ms per message: worker ${per(workerTotal)} (${worker.map(([name, ms]) => `${name} ${per(ms)}`).join(', ')}), server ${per(server)}, ` +
      `API+desk ${per((apiUsage.user + apiUsage.system) / 1_000)} | per message: ${((historyAfter.events - historyBefore.events) / n).toFixed(2)} events, ` +
      `${((historyAfter.tasks - historyBefore.tasks) / n).toFixed(2)} workflow tasks`,
  );
}

async function main(): Promise<void> {
  const rate = Number(process.argv[2] ?? 150);
  const seconds = Number(process.argv[3] ?? 10);
  const count = Number(process.argv[4] ?? 100);
  const system = await BenchSystem.start();
  try {
    const sessions = await openSessions(system, count, true);
    await measure(system, sessions, 'toAgent', Math.min(rate, 50), 2); // warm-up
    const chosen = process.argv[5];
    const directions: Array<'toAgent' | 'toBot'> = chosen === 'toAgent' || chosen === 'toBot' ? [chosen] : chosen === 'none' ? [] : ['toAgent', 'toBot'];
    for (const direction of directions) await measure(system, sessions, direction, rate, seconds);
    await closeSessions(system, sessions);
    if (process.argv.includes('--floor')) {
      const floorSessions = await closedLoop(8, count, async () => ({
        id: (await system.call('POST', '/floor/start', { conversationId: randomUUID() })).body.id as string,
        chatId: '',
      }));
      await measure(system, floorSessions, 'floor', Math.min(rate, 50), 2);
      await measure(system, floorSessions, 'floor', rate, seconds);
      await closedLoop(8, floorSessions.length, (i) => system.call('POST', '/floor/end', { id: floorSessions[i]!.id }));
    }
  } finally {
    await system.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
