/**
 * Resident memory of the worker process with idle runs open: brokered sessions (queued, never
 * accepted) and the floor workflow's runs. Each kind is measured in a worker process started fresh
 * for it, from none of its runs up, after every run of earlier phases has closed (run.ts measures
 * the floor's first and ends them; queued sessions hear of later accepts, so they would not stay
 * out of a later process's cache).
 */
import { startBaselineRuns } from './measure-relay';
import { rssMiB } from './processes';
import { openSessions, type OpenSession } from './sessions';
import type { BenchSystem } from './system';

export interface MemoryFigure {
  workerRssMiB: number;
  serverRssMiB: number;
}

/** Resident memory of the worker process and the Temporal server, after a moment to settle. */
export async function measureMemory(system: BenchSystem): Promise<MemoryFigure> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return { workerRssMiB: rssMiB(system.worker.pid), serverRssMiB: system.temporal ? rssMiB(system.temporal.pid) : Number.NaN };
}

/** Memory with `counts` idle brokered sessions open (rising, from 0) in a fresh worker process; the sessions are left open. */
export async function measureIdleSessionsMemory(
  system: BenchSystem,
  counts: number[],
): Promise<{ figures: Record<string, MemoryFigure>; sessions: OpenSession[] }> {
  await system.replaceWorker();
  const figures: Record<string, MemoryFigure> = {};
  let sessions: OpenSession[] = [];
  for (const n of counts) {
    if (n > sessions.length) sessions = sessions.concat(await openSessions(system, n - sessions.length, false));
    figures[String(n)] = await measureMemory(system);
  }
  return { figures, sessions };
}

/** Memory with `counts` idle floor runs open (rising, from 0) in a fresh worker process; the runs are left open. */
export async function measureIdleFloorRunsMemory(system: BenchSystem, counts: number[]): Promise<{ figures: Record<string, MemoryFigure>; runIds: string[] }> {
  await system.replaceWorker();
  const figures: Record<string, MemoryFigure> = {};
  let runIds: string[] = [];
  for (const n of counts) {
    if (n > runIds.length) runIds = runIds.concat(await startBaselineRuns(system, 'floor', n - runIds.length, 16));
    figures[String(n)] = await measureMemory(system);
  }
  return { figures, runIds };
}

/** Worker MiB per idle run from `from` to `to` runs (NaN when either was not measured). */
export function workerMiBBetween(figures: Record<string, MemoryFigure>, from: number, to: number): number {
  const fewer = figures[String(from)];
  const more = figures[String(to)];
  return fewer && more && to > from ? (more.workerRssMiB - fewer.workerRssMiB) / (to - from) : Number.NaN;
}
