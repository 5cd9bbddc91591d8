/**
 * The Temporal floor: the least a workflow can do for the same calls Handoff gets. An
 * update-with-start and an update per message, each running one no-op local activity.
 */
import { condition, defineSignal, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export interface FloorActivities {
  noop(): Promise<void>;
}

const { noop } = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '5s' });

export const floorStartUpdate = defineUpdate<{ status: string }, []>('floorStart');
export const floorMessageUpdate = defineUpdate<{ seq: number }, [string]>('floorMessage');
export const floorEndSignal = defineSignal('floorEnd');

export async function floorWorkflow(): Promise<void> {
  let seq = 0;
  let ended = false;
  setHandler(floorStartUpdate, async () => {
    await noop();
    return { status: 'queued' };
  });
  setHandler(floorMessageUpdate, async () => {
    await noop();
    return { seq: ++seq };
  });
  setHandler(floorEndSignal, () => {
    ended = true;
  });
  await condition(() => ended);
}
