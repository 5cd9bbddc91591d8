import { closedLoop } from './load';
import type { BenchSystem } from './system';

export interface OpenSession {
  id: string;
  chatId: string;
}

/** Opens `count` brokered handoffs; with `accept`, an agent takes each one on the desk (untimed). */
export async function openSessions(system: BenchSystem, count: number, accept: boolean): Promise<OpenSession[]> {
  return closedLoop(16, count, async () => {
    const answer = await system.call('POST', '/v1/handoffs', system.request('default'));
    if (answer.status !== 200 || answer.body.status !== 'queued') throw new Error(`open session: ${answer.status} ${JSON.stringify(answer.body)}`);
    const chatId = system.chatIdOf(answer.body.id);
    if (accept) {
      const accepted = await system.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Bench Agent' });
      if (accepted.status !== 200) throw new Error(`accept: ${accepted.status}`);
    }
    return { id: answer.body.id as string, chatId };
  });
}

export async function closeSessions(system: BenchSystem, sessions: OpenSession[]): Promise<void> {
  await closedLoop(8, sessions.length, (i) => system.call('POST', system.handoffPath(sessions[i]!.id, '/cancel')));
}
