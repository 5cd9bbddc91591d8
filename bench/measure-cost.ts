import type { BenchSystem } from './system';
import { rssMiB } from './processes';
import type { OpenSession } from './sessions';

export interface MemoryFigure {
  workerRssMiB: number;
  serverRssMiB: number;
}

/** Resident memory of the worker process and the Temporal server, after a moment to settle. */
export async function measureMemory(system: BenchSystem): Promise<MemoryFigure> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return { workerRssMiB: rssMiB(system.worker.pid), serverRssMiB: system.temporal ? rssMiB(system.temporal.pid) : Number.NaN };
}

export interface HistoryCost {
  eventsPerMessage: number;
  workflowTasksPerMessage: number;
}

/** History events and workflow tasks per relayed message, over every run of one session. */
export async function measureHistoryCost(system: BenchSystem, session: OpenSession, messagesRelayed: number): Promise<HistoryCost> {
  let events = 0;
  let tasks = 0;
  let runId: string | undefined;
  for (;;) {
    const history = await system.client.workflow.getHandle(session.id, runId).fetchHistory();
    events += history.events?.length ?? 0;
    tasks += history.events?.filter((e) => e.workflowTaskCompletedEventAttributes).length ?? 0;
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) break;
  }
  const round = (n: number) => Math.round((n / messagesRelayed) * 100) / 100;
  return { eventsPerMessage: round(events), workflowTasksPerMessage: round(tasks) };
}
