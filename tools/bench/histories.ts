import type proto from '@temporalio/proto';
import { closedLoop } from './load';
import type { BenchSystem } from './system';

type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** The events of each workflow's current run, fetched eight at a time, in the order of `ids`. */
export async function currentHistories(system: BenchSystem, ids: readonly string[]): Promise<HistoryEvent[][]> {
  return closedLoop(8, ids.length, async (i) => (await system.client.workflow.getHandle(ids[i]!).fetchHistory()).events ?? []);
}
