/**
 * `npx tsx tools/bench/session-trace.ts [messages]`: what one brokered session costs in history. Opens a
 * session, has the bench's agent accept it, relays `messages` user messages and as many agent
 * messages one at a time (each waits for the one before to arrive), then the user leaves; prints
 * the run's events by type, and what each relayed message added to the history (events, workflow
 * tasks, bytes).
 */
import proto from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { withHistoryCost, type RelayedMessage } from './measure-history';
import { closeSessions, openSessions } from './sessions';
import { BenchSystem } from './system';

const EventType = proto.temporal.api.enums.v1.EventType;

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 20);
  const system = await BenchSystem.start();
  try {
    const [session] = await openSessions(system, 1, true);
    const { cost } = await withHistoryCost(system.client, [session!.id], async () => {
      const relayed: RelayedMessage[] = [];
      for (let i = 0; i < messages; i++) {
        const messageId = `m-${randomUUID()}`;
        const userText = `user ${i}`;
        await system.call('POST', system.handoffPath(session!.id, '/messages'), { messageId, text: userText });
        await system.arrival(system.deskArrivals, messageId);
        const text = `agent ${i} ${randomUUID()}`;
        await system.call('POST', `/desk/api/chats/${session!.chatId}/messages`, { text });
        await system.arrival(system.botArrivals, text);
        relayed.push({ workflowId: session!.id, text: userText }, { workflowId: session!.id, text });
      }
      return { result: undefined, relayed };
    });
    await closeSessions(system, [session!]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const history = await system.client.workflow.getHandle(session!.id).fetchHistory();
    const counts = new Map<string, number>();
    for (const e of history.events ?? []) {
      const type = EventType[e.eventType ?? 0]!.replace('EVENT_TYPE_', '');
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    console.log(`${history.events?.length} events:`, Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])));
    console.log('per relayed message:', cost);
    if (process.argv.includes('--events')) {
      for (const e of history.events ?? [])
        console.log(e.eventId?.toString(), EventType[e.eventType ?? 0]!.replace('EVENT_TYPE_', ''), e.markerRecordedEventAttributes?.markerName ?? '');
    }
  } finally {
    await system.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
