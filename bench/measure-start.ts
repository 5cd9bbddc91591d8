import type { HandoffMode } from '../contracts/status';
import { closedLoop } from './load';
import { percentiles, type Percentiles } from './stats';
import type { BenchSystem } from './system';

export type StartTarget = HandoffMode | 'floor' | 'memory';

const PROFILE: Record<HandoffMode, string> = { broker: 'default', url: 'url', api: 'api' };

/** Start latency: `POST` sent → answer received, `count` starts over `clients` concurrent clients. */
export async function measureStart(system: BenchSystem, target: StartTarget, clients: number, count: number): Promise<Percentiles> {
  const started: string[] = [];
  const samples = await closedLoop(clients, count, async () => {
    const request = system.request(target === 'floor' || target === 'memory' ? 'default' : PROFILE[target]);
    const path = target === 'floor' ? '/floor/start' : target === 'memory' ? '/memory/start' : '/v1/handoffs';
    const answer = await system.call(path === '/v1/handoffs' ? 'POST' : 'POST', path, request);
    if (answer.status !== 200) throw new Error(`start ${target} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    started.push(answer.body.id);
    return answer.ms;
  });
  await closeAll(system, target, started);
  return percentiles(samples);
}

/** Ends what a measurement left open, so the next one starts from the same state (untimed). */
export async function closeAll(system: BenchSystem, target: StartTarget, ids: string[]): Promise<void> {
  if (target === 'url' || target === 'memory') return;
  await closedLoop(8, ids.length, async (i) => {
    const id = ids[i]!;
    if (target === 'floor') await system.call('POST', '/floor/end', { id });
    else await system.call('POST', system.handoffPath(id, '/cancel'));
  });
}
