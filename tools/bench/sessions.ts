import { closedLoop, waitUntil } from './load';
import { BENCH_AGENT, type BenchSystem } from './system';

export interface OpenSession {
  id: string;
  chatId: string;
}

/**
 * Opens `count` brokered handoffs; with `accept`, an agent takes each one on the desk (untimed).
 * Accepted ones are opened one at a time: the desk tells every chat still queued behind one that
 * leaves the queue its new place and wait (a webhook call, a signal, a workflow task and a bot
 * callback each), so sixteen at once would leave a backlog of those to run during what is measured
 * next. Then it waits for the desk to have sent everything.
 */
export async function openSessions(system: BenchSystem, count: number, accept: boolean): Promise<OpenSession[]> {
  const opened = await closedLoop(accept ? 1 : 16, count, async () => {
    const request = system.request('default');
    let answer = await system.call('POST', '/v1/handoffs', request);
    // Untimed set-up: a start refused while the system is busy is asked again (the same conversation, so the same handoff).
    for (let retry = 0; answer.status === 503 && retry < 3; retry++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      answer = await system.call('POST', '/v1/handoffs', request);
    }
    if (answer.status !== 200 || answer.body.status !== 'queued') throw new Error(`open session: ${answer.status} ${JSON.stringify(answer.body)}`);
    const chatId = system.chatIdOf(answer.body.id);
    if (accept) await acceptChat(system, chatId);
    return { id: answer.body.id as string, chatId };
  });
  await deskSettled(system);
  return opened;
}

async function acceptChat(system: BenchSystem, chatId: string): Promise<void> {
  const accepted = await system.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: BENCH_AGENT });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status}`);
}

export async function closeSessions(system: BenchSystem, sessions: OpenSession[]): Promise<void> {
  await closedLoop(8, sessions.length, (i) => system.call('POST', system.handoffPath(sessions[i]!.id, '/cancel')));
}

/** Waits (2 min at most) until the desk's webhook outbox has sent every event it recorded. */
export async function deskSettled(system: BenchSystem): Promise<void> {
  await waitUntil(() => system.desk.store.pendingEvents(1).length === 0, 120_000);
}

/** Waits (`timeoutMs` at most) until the runs of `ids` have closed, their wrap-up done. */
export async function waitUntilClosed(system: BenchSystem, ids: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    const handle = system.client.workflow.getHandle(id);
    while ((await handle.describe()).status.name === 'RUNNING' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Ends queued sessions without a word to anyone (untimed cleanup of thousands): their runs are
 * terminated through the client, so they poll the desk no more, and their desk chats are closed in
 * the desk's store from the back of the queue. Cancelled through the API, each would tell every
 * chat behind it its new place; left queued, each later accept (a new median wait) would send every
 * one of them a new estimate, for handoffs that no longer run.
 */
export async function discardSessions(system: BenchSystem, sessions: OpenSession[]): Promise<void> {
  await closedLoop(16, sessions.length, (i) => system.client.workflow.getHandle(sessions[i]!.id).terminate('bench: cleanup after the memory phase'));
  const ours = new Set(sessions.map((s) => s.chatId));
  const lastFirst = system.desk.store
    .queue()
    .filter((chat) => ours.has(chat.chatId))
    .reverse();
  for (const chat of lastFirst) system.desk.store.closeChat(chat.chatId, 'bench-cleanup');
}
