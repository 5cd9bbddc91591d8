import type { HandoffMode } from '../../contracts/status';
import { closedLoop } from './load';
import { deskSettled, waitUntilClosed } from './sessions';
import { percentiles, type Percentiles } from './stats';
import type { BenchSystem } from './system';

export type StartTarget = HandoffMode | 'floor' | 'memory';

const PROFILE: Record<HandoffMode, string> = { broker: 'default', url: 'url', api: 'api' };

/** Start latency: `POST` sent → answer received, `count` starts over `clients` concurrent clients. */
export async function measureStart(system: BenchSystem, target: StartTarget, clients: number, count: number): Promise<Percentiles> {
  const { samples, started } = await timeStarts(system, target, clients, count);
  await closeAll(system, target, started);
  return percentiles(samples);
}

/**
 * The same for several targets at once, interleaved: `count` starts of each in `blocks` blocks, a
 * block of every target per round (each round beginning one target further along). Measured one
 * after the other, a machine that gets busier or quieter meanwhile (other work, its own GC, the
 * growing dev server) would weigh on one target's row and not another's, and the ratios between
 * them would show it. What a block started is ended after it, untimed, and the next block waits
 * until those runs have finished (their wrap-up would otherwise run during it).
 */
export async function measureStartsInterleaved(
  system: BenchSystem,
  targets: readonly StartTarget[],
  clients: number,
  count: number,
  blocks: number,
): Promise<Map<StartTarget, Percentiles>> {
  const samples = new Map<StartTarget, number[]>(targets.map((target) => [target, []]));
  for (let round = 0; round < blocks; round++) {
    const size = Math.floor((count * (round + 1)) / blocks) - Math.floor((count * round) / blocks);
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length]!;
      const block = await timeStarts(system, target, clients, size);
      samples.get(target)!.push(...block.samples);
      await closeAll(system, target, block.started);
      if (target !== 'memory') await waitUntilClosed(system, block.started);
      await deskSettled(system);
    }
  }
  return new Map(targets.map((target) => [target, percentiles(samples.get(target)!)]));
}

async function timeStarts(system: BenchSystem, target: StartTarget, clients: number, count: number): Promise<{ samples: number[]; started: string[] }> {
  const started: string[] = [];
  const samples = await closedLoop(clients, count, async () => {
    const request = system.request(target === 'floor' || target === 'memory' ? 'default' : PROFILE[target]);
    const path = target === 'floor' ? '/floor/start' : target === 'memory' ? '/memory/start' : '/v1/handoffs';
    const answer = await system.call('POST', path, request);
    if (answer.status !== 200) throw new Error(`start ${target} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    started.push(answer.body.id);
    return answer.ms;
  });
  return { samples, started };
}

/**
 * Ends what a measurement left open, so the next one starts from the same state (untimed). Queued
 * handoffs are cancelled last first, one at a time: each leaves the end of the desk's queue, so no
 * chat behind it is told a new place (cancelling from the front, a queue of n sends n²/2 of those).
 */
export async function closeAll(system: BenchSystem, target: StartTarget, ids: string[]): Promise<void> {
  if (target === 'url' || target === 'memory') return;
  if (target === 'floor') {
    await closedLoop(8, ids.length, (i) => system.call('POST', '/floor/end', { id: ids[i] }));
    return;
  }
  const lastFirst = [...ids].reverse();
  await closedLoop(1, lastFirst.length, (i) => system.call('POST', system.handoffPath(lastFirst[i]!, '/cancel')));
}
