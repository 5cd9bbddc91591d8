/**
 * `npm run test:cluster`: the acceptance flows on a production-shaped topology (a Temporal server
 * on PostgreSQL with mTLS on its frontend, two worker processes, two API processes), then a
 * failure run: a worker and an API killed with SIGKILL and the Temporal server restarted in the
 * middle of a brokered conversation, after which nothing is lost and nothing is duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEvent } from '../../contracts/bot-event';
import { HandoffModeKey, HandoffStatusKey } from '../../workflows/search-attributes';
import { eventually } from '../support/stack';
import { AGENT, ClusterRun, handoffPath } from './cluster-run';

let run: ClusterRun;
/** The brokered handoff the agent closed, read again after the restart. */
let closedBroker = '';
const began = Date.now();
beforeAll(async () => {
  run = await ClusterRun.start();
}, 900_000);
afterAll(async () => {
  await run?.stop();
  if (run) console.log(`cluster test phases (ms): ${JSON.stringify({ ...run.timings, whole: Date.now() - began })}`);
}, 120_000);

async function start(api: number, profile: string) {
  const answer = await run.call(api, 'POST', '/v1/handoffs', run.request({ profile }));
  expect(answer.status).toBe(200);
  return answer.body;
}

async function viewOf(api: number, handoffId: string, status: string) {
  return eventually(async () => {
    const view = await run.call(api, 'GET', handoffPath(handoffId));
    expect(view.body.status).toBe(status);
    return view.body;
  }, 60_000);
}

/** The desk's chat for a handoff, accepted by the test's agent. */
async function accept(handoffId: string): Promise<string> {
  const chatId = await eventually(async () => {
    const queue = await run.desk('GET', '/queue');
    const chat = (queue.body as Array<{ chatId: string; handoffId: string }>).find((c) => c.handoffId === handoffId);
    if (!chat) throw new Error(`no desk chat for ${handoffId} yet`);
    return chat.chatId;
  });
  const accepted = await run.desk('POST', `/chats/${chatId}/accept`, {});
  expect(accepted.status).toBe(200);
  return chatId;
}

async function agentSays(chatId: string, text: string): Promise<void> {
  const sent = await run.desk('POST', `/chats/${chatId}/messages`, { text });
  expect(sent.status).toBe(201);
}

async function transcriptOf(api: number, handoffId: string): Promise<string[]> {
  const transcript = await run.call(api, 'GET', handoffPath(handoffId, '/transcript'));
  expect(transcript.status).toBe(200);
  return transcript.body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`);
}

async function finalEvents(handoffId: string): Promise<BotEvent[]> {
  return eventually(() => {
    const events = run.bot.eventsFor(handoffId);
    expect(events.at(-1)?.type).toBe('handoff.closed');
    return events;
  }, 60_000);
}

async function ticketNotes(number: string): Promise<string[]> {
  const tickets = await run.desk('GET', '/tickets');
  const ticket = (tickets.body as Array<{ number: string; workNotes: Array<{ text: string }> }>).find((t) => t.number === number);
  return ticket?.workNotes.map((n) => n.text) ?? [];
}

describe('Handoff on a Temporal cluster (PostgreSQL, mTLS, two workers, two APIs)', () => {
  it('url mode: a redirect carrying the last utterance, the ticket filed, the handoff readable from either API', async () => {
    const handoff = await start(1, 'url');
    expect(handoff).toMatchObject({ status: 'redirected', mode: 'url' });
    const url = new URL(handoff.redirectUrl);
    expect(url.pathname).toBe('/desk/chat');
    expect(url.searchParams.get('utterance')).toBe('My VPN keeps dropping');
    expect(handoff.ticket.number).toMatch(/^LOC\d{7}$/);
    expect((await run.call(0, 'GET', handoffPath(handoff.id))).body).toMatchObject({ id: handoff.id, status: 'redirected' });
    await eventually(async () => {
      const attributes = (await run.client.workflow.getHandle(handoff.id).describe()).typedSearchAttributes;
      expect([attributes.get(HandoffStatusKey), attributes.get(HandoffModeKey)]).toEqual(['redirected', 'url']);
    });
  });

  it('api mode: queued on the desk with a join link; the agent accepts; the user leaves through the other API', async () => {
    const handoff = await start(0, 'api');
    expect(handoff).toMatchObject({ status: 'queued', mode: 'api', queue: { name: 'Service desk' } });
    expect(new URL(handoff.redirectUrl).pathname).toMatch(/^\/desk\/join\//);
    await accept(handoff.id);
    await viewOf(1, handoff.id, 'connected');
    const cancelled = await run.call(1, 'POST', handoffPath(handoff.id, '/cancel'));
    expect(cancelled.status).toBe(200);
    expect(await viewOf(0, handoff.id, 'cancelled')).toMatchObject({ reason: 'user-left' });
  });

  it('broker mode: a whole chat relayed both ways across both APIs, the transcript filed when the agent closes', async () => {
    const handoff = await start(1, 'default');
    expect(handoff).toMatchObject({ status: 'queued', mode: 'broker', platform: 'local-desk' });
    const chatId = await accept(handoff.id);
    await viewOf(0, handoff.id, 'connected');
    for (const [i, text] of ['first', 'second', 'third'].entries()) await run.sendUntilTaken(handoff.id, `m-${i}`, text, i % 2);
    await agentSays(chatId, 'Hello Ada, I can help');
    await agentSays(chatId, 'Please restart the client');
    await eventually(async () => {
      const chat = await run.desk('GET', `/chats/${chatId}`);
      const fromUser = chat.body.messages.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text);
      expect(fromUser).toEqual(['My VPN keeps dropping', 'first', 'second', 'third']);
    });
    await eventually(() => expect(run.bot.eventsFor(handoff.id).filter((e) => e.type === 'agent.message')).toHaveLength(2));
    expect((await run.desk('POST', `/chats/${chatId}/close`)).status).toBe(200);
    expect(await viewOf(1, handoff.id, 'closed')).toMatchObject({ reason: 'agent-closed' });

    const events = await finalEvents(handoff.id);
    closedBroker = handoff.id;
    expect(events.map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', 'agent.message', 'agent.message', 'handoff.closed']);
    expect(events[0]).toMatchObject({ summary: { provider: 'extractive' }, queue: { name: 'General' } });
    expect(events[1]).toMatchObject({ agentName: AGENT });
    expect(run.bot.rejectedSignatures).toEqual([]);
    expect(await transcriptOf(0, handoff.id)).toEqual([
      'user:first',
      'user:second',
      'user:third',
      'agent:Hello Ada, I can help',
      'agent:Please restart the client',
    ]);
    await eventually(async () => {
      const notes = await ticketNotes(handoff.ticket.number);
      expect(notes.some((note) => /Transcript[\s\S]*user: first[\s\S]*Grace: Please restart the client/.test(note))).toBe(true);
    });
  });

  it('a restart of everything (APIs, workers, Temporal, PostgreSQL) keeps the open chat and every closed one', async () => {
    const before = await start(0, 'default');
    const chatId = await accept(before.id);
    await viewOf(0, before.id, 'connected');
    await run.sendUntilTaken(before.id, 'r-0', 'before the restart', 0);

    await run.restartAll();

    expect((await run.call(1, 'GET', handoffPath(closedBroker))).body).toMatchObject({ status: 'closed', reason: 'agent-closed' });
    await run.sendUntilTaken(before.id, 'r-1', 'after the restart', 1);
    await agentSays(chatId, 'Still here');
    await eventually(() => expect(run.bot.eventsFor(before.id).map((e) => e.type)).toContain('agent.message'), 60_000);
    expect((await run.desk('POST', `/chats/${chatId}/close`)).status).toBe(200);
    await finalEvents(before.id);
    expect(await transcriptOf(1, before.id)).toEqual(['user:before the restart', 'user:after the restart', 'agent:Still here']);
  });

  it('loses and duplicates nothing when a worker and an API are killed and the Temporal server restarts mid-conversation', async () => {
    const handoff = await start(1, 'default');
    const chatId = await accept(handoff.id);
    await viewOf(0, handoff.id, 'connected');
    const { handoff: processes, temporal } = run.cluster;
    const userTexts = Array.from({ length: 24 }, (_, i) => `user ${i}`);
    const agentTexts = Array.from({ length: 16 }, (_, i) => `agent ${i}`);

    // The worker dies while it delivers an agent message to the bot: that delivery is never answered.
    let workerKilled: Promise<unknown> | undefined;
    run.bot.onDelivery = (event) => {
      if (event.handoffId === handoff.id && event.type === 'agent.message' && event.text === 'agent 4' && !workerKilled) {
        workerKilled = processes.workers[0]!.kill();
      }
    };
    const user = (async () => {
      for (const [i, text] of userTexts.entries()) {
        await run.sendUntilTaken(handoff.id, `f-${i}`, text, i % 2);
        if (i === 8) void processes.apis[1]!.kill(); // the next messages find API 2 gone, and go to API 1
        if (i === 14) await temporal.restartServer();
      }
    })();
    const agent = (async () => {
      for (const text of agentTexts) {
        await agentSays(chatId, text);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    await Promise.all([user, agent]);
    expect(workerKilled).toBeDefined();
    await workerKilled;
    await Promise.all([processes.startWorker(0), processes.startApi(1)]);

    await eventually(async () => {
      const chat = await run.desk('GET', `/chats/${chatId}`);
      const fromUser = chat.body.messages.filter((m: { from: string }) => m.from === 'user').map((m: { text: string }) => m.text);
      expect(fromUser).toEqual(['My VPN keeps dropping', ...userTexts]);
    }, 120_000);
    await eventually(() => {
      const messages = run.bot.eventsFor(handoff.id).filter((e) => e.type === 'agent.message');
      expect(messages.map((e) => e.text)).toEqual(agentTexts);
    }, 120_000);
    expect((await run.desk('POST', `/chats/${chatId}/close`)).status).toBe(200);
    const events = await finalEvents(handoff.id);

    const transcript = await transcriptOf(1, handoff.id);
    expect(transcript.filter((entry) => entry.startsWith('user:'))).toEqual(userTexts.map((text) => `user:${text}`));
    expect(transcript.filter((entry) => entry.startsWith('agent:'))).toEqual(agentTexts.map((text) => `agent:${text}`));
    expect(new Set(transcript).size).toBe(transcript.length);
    expect(events.filter((e) => e.type === 'agent.message').map((e) => e.text)).toEqual(agentTexts);
    // Each event reached the bot at least once; the redelivered ones carry the same eventId, which the bot drops.
    const deliveries = run.bot.deliveriesFor(handoff.id);
    expect(new Set(deliveries.map((e) => e.eventId)).size).toBe(events.length);
    console.log(`failure run: ${deliveries.length} deliveries of ${events.length} events to the bot`);
  });
});
