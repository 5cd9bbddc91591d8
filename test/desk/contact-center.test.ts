/**
 * The desk as agents use it through a working day, over real HTTP without Temporal: presence,
 * the availability numbers Handoff's probe reads, `queue.updated` kept current, transfers, the
 * callback list and ratings; and the local-desk platform's probe, callback list and rating call
 * against it.
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/error-handler';
import { JSON_BODY_LIMIT_BYTES, jsonBody } from '../../api/json-body';
import { createLocalDesk, type LocalDesk } from '../../apps/desk';
import type { AgentRole } from '../../apps/desk/agents';
import { localDeskAvailability } from '../../platforms/local-desk/availability';
import { localDeskCallbacks } from '../../platforms/local-desk/callbacks';
import { localDeskConnector, rateLocalDeskChat } from '../../platforms/local-desk/connector';
import { localDesk as localDeskPlatform } from '../../platforms/local-desk';
import { toAgentEvent, type LocalDeskEvent } from '../../platforms/local-desk/webhook';
import type { HandoffContext } from '../../platforms/connector';
import type { LocalDeskOptions } from '../../platforms/local-desk/options';
import { eventually } from '../support/stack';

const SECRET = 'desk-secret-for-the-workday-test';
const PASSWORD = 'a-long-agent-password';

interface Harness {
  desk: LocalDesk;
  deskUrl: string;
  /** What the desk's outbox delivered to "Handoff", in order. */
  delivered: LocalDeskEvent[];
  /** Creates the agent (an `agent` unless `role` says otherwise) and signs them in; answers their session cookie. */
  signIn(name: string, role?: AgentRole): Promise<string>;
  call(method: string, urlPath: string, body?: unknown, cookie?: string): Promise<{ status: number; body: any }>;
  integration(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: any }>;
  newChat(key: string, queue?: string, extra?: object): Promise<{ chatId: string; position: number; estimatedWaitSeconds?: number }>;
  close(): Promise<void>;
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function startDesk(): Promise<Harness> {
  const folder = mkdtempSync(path.join(tmpdir(), 'desk-workday-'));
  const delivered: LocalDeskEvent[] = [];
  const hook = express();
  hook.use(express.json());
  hook.post('/hook', (req, res) => {
    delivered.push(req.body as LocalDeskEvent);
    res.status(202).json({});
  });
  const receiver = await listen(hook);
  let deskUrl = '';
  const app = express();
  app.use(jsonBody(JSON_BODY_LIMIT_BYTES));
  const api = await listen(app);
  deskUrl = `${api.url}/desk`;
  const desk = createLocalDesk({
    filename: path.join(folder, 'desk.sqlite'),
    secret: SECRET,
    webhookUrl: () => `${receiver.url}/hook`,
    deskUrl: () => deskUrl,
    publicUrl: api.url,
  });
  app.use('/desk', desk.router);
  app.use(errorHandler(() => undefined));
  desk.outbox.start();

  const call = async (method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${deskUrl}${urlPath}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  let chats = 0;
  return {
    desk,
    deskUrl,
    delivered,
    async signIn(name, role) {
      await desk.saveAgent(name, PASSWORD, role);
      const answer = await call('POST', '/api/session', { name, password: PASSWORD });
      expect(answer.status).toBe(204);
      return answer.headers.get('set-cookie')!.split(';')[0]!;
    },
    call: (method, urlPath, body, cookie) => call(method, urlPath, body, cookie ? { cookie } : {}),
    integration: (method, urlPath, body) => call(method, `/api/integration${urlPath}`, body, { 'x-desk-secret': SECRET }),
    async newChat(key, queue = 'General', extra = {}) {
      chats += 1;
      const answer = await call(
        'POST',
        '/api/integration/chats',
        {
          idempotencyKey: key,
          handoffId: `handoff/default/${key}`,
          mode: 'broker',
          queue,
          user: { id: `u-${key}`, name: `User ${chats}`, department: 'Finance' },
          lastUtterance: `help ${key}`,
          ...extra,
        },
        { 'x-desk-secret': SECRET },
      );
      expect(answer.status).toBe(201);
      return answer.body;
    },
    async close() {
      desk.close();
      api.server.closeAllConnections();
      api.server.close();
      receiver.server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

let h: Harness;
beforeEach(async () => {
  h = await startDesk();
});
afterEach(async () => {
  await h.close();
});

const queueUpdatesOf = (chatId: string) => h.delivered.filter((e) => e.chatId === chatId && e.type === 'queue.updated');

describe('agent presence', () => {
  it('makes a new sign-in available, switches to away and back, and answers it with the session', async () => {
    const ann = await h.signIn('Ann');
    expect((await h.call('GET', '/api/session', undefined, ann)).body).toEqual({ name: 'Ann', role: 'agent', presence: 'available' });

    expect((await h.call('PUT', '/api/presence', { presence: 'away' }, ann)).status).toBe(204);
    expect((await h.call('GET', '/api/session', undefined, ann)).body.presence).toBe('away');

    // Signing in again (a new shift) makes the agent available.
    await h.signIn('Ann');
    expect((await h.call('GET', '/api/session', undefined, ann)).body.presence).toBe('available');
  });

  it('refuses a presence that is neither available nor away, and a call without a session', async () => {
    const ann = await h.signIn('Ann');
    const bad = await h.call('PUT', '/api/presence', { presence: 'busy' }, ann);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'presence' })] });
    const anonymous = await h.call('PUT', '/api/presence', { presence: 'away' });
    expect(anonymous.status).toBe(401);
  });
});

describe("the desk's availability for Handoff", () => {
  it('counts agents signed in and available, and the chats waiting in the queue asked about', async () => {
    const empty = await h.integration('GET', '/availability?queue=General');
    expect(empty).toMatchObject({ status: 200, body: { agentsAvailable: 0, agentsSignedIn: 0, contactsInQueue: 0 } });
    expect(empty.body).not.toHaveProperty('estimatedWaitSeconds');

    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    await h.signIn('Cy');
    await h.call('PUT', '/api/presence', { presence: 'away' }, bob);
    await h.newChat('a1', 'General');
    await h.newChat('a2', 'General');
    await h.newChat('b1', 'Billing');

    expect((await h.integration('GET', '/availability?queue=General')).body).toEqual({ agentsAvailable: 2, agentsSignedIn: 3, contactsInQueue: 2 });
    expect((await h.integration('GET', '/availability?queue=Billing')).body).toMatchObject({ contactsInQueue: 1 });

    // Signing out takes the agent out of "available" and "signed in".
    await h.call('DELETE', '/api/session', undefined, ann);
    expect((await h.integration('GET', '/availability?queue=General')).body).toMatchObject({ agentsAvailable: 1, agentsSignedIn: 2 });
    // The agents' page sees the same numbers, over all queues.
    expect((await h.call('GET', '/api/availability', undefined, bob)).body).toEqual({ agentsAvailable: 1, agentsSignedIn: 2, contactsInQueue: 3, hours: [] });
  });

  it('does not count an agent whose session has expired', async () => {
    await h.desk.saveAgent('Old', PASSWORD);
    h.desk.store.agentSessions.open('Old', Date.now() - 13 * 60 * 60 * 1_000);
    expect((await h.integration('GET', '/availability')).body).toMatchObject({ agentsAvailable: 0, agentsSignedIn: 0 });
  });

  it('estimates the wait from the median of the recent waits in the queue, times the place', async () => {
    const store = h.desk.store;
    const t0 = Date.parse('2026-03-02T09:00:00Z');
    // Three past chats in General waited 60 s, 120 s and 600 s: the median is 120 s.
    for (const [i, waitS] of [60, 120, 600].entries()) {
      const chat = store.createChat(
        { idempotencyKey: `past${i}`, handoffId: `h${i}`, mode: 'direct', queue: 'General', user: { id: 'u' }, lastUtterance: 'x', context: [] },
        new Date(t0),
      );
      store.accept(chat.chatId, 'Ann', new Date(t0 + waitS * 1_000));
    }
    expect(store.medianWaitMs('General')).toBe(120_000);
    const first = await h.newChat('w1');
    expect(first).toMatchObject({ position: 1, estimatedWaitSeconds: 120 });
    expect((await h.integration('GET', '/availability?queue=General')).body).toMatchObject({ contactsInQueue: 1, estimatedWaitSeconds: 240 });
    // Another queue has no history: no estimate.
    expect(await h.newChat('x1', 'Billing')).not.toHaveProperty('estimatedWaitSeconds');
  });

  it('refuses the integration API without the desk secret', async () => {
    const answer = await fetch(`${h.deskUrl}/api/integration/availability`);
    expect(answer.status).toBe(401);
  });
});

describe('queue position and wait kept current', () => {
  it('tells every chat still queued its new place when one ahead is accepted, closed or transferred, once per change', async () => {
    const ann = await h.signIn('Ann');
    const a = await h.newChat('q1');
    const b = await h.newChat('q2');
    const c = await h.newChat('q3');
    expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);

    expect((await h.call('POST', `/api/chats/${a.chatId}/accept`, {}, ann)).status).toBe(200);
    await eventually(() => {
      expect(queueUpdatesOf(b.chatId).map((e) => e.queue)).toEqual([{ name: 'General', position: 1, estimatedWaitSeconds: expect.any(Number) }]);
      expect(queueUpdatesOf(c.chatId).map((e) => e.queue?.position)).toEqual([2]);
    });
    expect(queueUpdatesOf(b.chatId)[0]!.eventId).toBe(`${b.chatId}/queue/1`);
    expect(queueUpdatesOf(a.chatId)).toEqual([]);

    // Handoff ends the first in line (the user left): the last moves up.
    expect((await h.integration('POST', `/chats/${b.chatId}/end`, { reason: 'user-left' })).status).toBe(200);
    await eventually(() =>
      expect(queueUpdatesOf(c.chatId).map((e) => [e.eventId, e.queue?.position])).toEqual([
        [`${c.chatId}/queue/1`, 2],
        [`${c.chatId}/queue/2`, 1],
      ]),
    );

    // A chat transferred into the queue goes last; nobody ahead of it moves.
    await h.call('POST', `/api/chats/${a.chatId}/transfer`, { queue: 'General' }, ann);
    await eventually(() => expect(queueUpdatesOf(a.chatId).map((e) => e.queue?.position)).toEqual([2]));
    expect(queueUpdatesOf(c.chatId)).toHaveLength(2);
    // The events are what Handoff's webhook turns into queue.updated agent events.
    expect(toAgentEvent(queueUpdatesOf(a.chatId)[0]!)).toMatchObject({ type: 'queue.updated', sessionKey: a.chatId, queue: { position: 2 } });
  });

  it('moves the visitor page’s place too', async () => {
    const a = await h.newChat('v1');
    const b = await h.newChat('v2');
    expect(h.desk.store.standingOf(b.chatId)).toMatchObject({ position: 2 });
    await h.integration('POST', `/chats/${a.chatId}/end`, { reason: 'user-left' });
    expect(h.desk.store.standingOf(b.chatId)).toMatchObject({ position: 1 });
  });
});

describe('transfers', () => {
  it('puts a chat back in another queue without its agent, with a notice, and tells Handoff', async () => {
    const ann = await h.signIn('Ann');
    const chat = await h.newChat('t1');
    await h.call('POST', `/api/chats/${chat.chatId}/accept`, {}, ann);

    const unknownQueue = await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { queue: 'Billing' }, ann);
    expect(unknownQueue).toMatchObject({ status: 404, body: { error: { code: 'queue_not_found' } } });
    // A profile's queue becomes known when Handoff asks about it.
    await h.integration('GET', '/availability?queue=Billing');
    const answer = await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { queue: 'Billing' }, ann);
    expect(answer).toMatchObject({ status: 200, body: { status: 'queued', queue: 'Billing' } });
    const detail = (await h.call('GET', `/api/chats/${chat.chatId}`, undefined, ann)).body;
    expect(detail).toMatchObject({ status: 'queued', queue: 'Billing', position: 1 });
    expect(detail.agentName).toBeUndefined();
    expect(detail.messages.at(-1)).toMatchObject({ from: 'system', text: 'Ann transferred the chat to the queue Billing' });
    await eventually(() =>
      expect(h.delivered.filter((e) => e.chatId === chat.chatId).map((e) => e.type)).toEqual(['agent.joined', 'agent.transferred', 'queue.updated']),
    );
    const transferred = h.delivered.find((e) => e.type === 'agent.transferred')!;
    expect(toAgentEvent(transferred)).toMatchObject({ type: 'agent.transferred', to: 'Billing', agentName: 'Ann', queued: true, sessionKey: chat.chatId });
    expect((await h.call('GET', '/api/queues', undefined, ann)).body).toEqual(['Billing', 'General']);
  });

  it('hands an active chat to another agent, who keeps it active', async () => {
    const ann = await h.signIn('Ann');
    await h.signIn('Bob');
    const chat = await h.newChat('t2');
    await h.call('POST', `/api/chats/${chat.chatId}/accept`, {}, ann);

    const answer = await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { agentName: 'Bob' }, ann);
    expect(answer).toMatchObject({ status: 200, body: { status: 'active', agentName: 'Bob' } });
    expect(h.desk.store.chat(chat.chatId)).toMatchObject({ status: 'active', agentName: 'Bob' });
    expect(h.desk.store.messages(chat.chatId).at(-1)).toMatchObject({ from: 'system', text: 'Ann transferred the chat to Bob' });
    await eventually(() =>
      expect(h.delivered.filter((e) => e.type === 'agent.transferred')).toEqual([expect.objectContaining({ to: 'Bob', agentName: 'Ann' })]),
    );
    expect((await h.call('GET', '/api/agents', undefined, ann)).body).toEqual([
      { name: 'Ann', presence: 'available', signedIn: true },
      { name: 'Bob', presence: 'available', signedIn: true },
    ]);
  });

  it('gives a waiting chat to the agent a supervisor names: they join it', async () => {
    const ann = await h.signIn('Ann', 'supervisor');
    await h.signIn('Bob');
    const chat = await h.newChat('t3');
    await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { agentName: 'Bob' }, ann);
    expect(h.desk.store.chat(chat.chatId)).toMatchObject({ status: 'active', agentName: 'Bob' });
    await eventually(() =>
      expect(h.delivered.filter((e) => e.chatId === chat.chatId).map((e) => [e.type, e.agentName])).toEqual([
        ['agent.transferred', 'Ann'],
        ['agent.joined', 'Bob'],
      ]),
    );
  });

  it('refuses both or neither target (400), an unknown agent (404), a closed chat (409)', async () => {
    const ann = await h.signIn('Ann');
    const chat = await h.newChat('t4');
    await h.call('POST', `/api/chats/${chat.chatId}/accept`, {}, ann);
    const both = await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { queue: 'Billing', agentName: 'Ann' }, ann);
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([expect.objectContaining({ message: 'name exactly one of queue and agentName' })]);
    expect((await h.call('POST', `/api/chats/${chat.chatId}/transfer`, {}, ann)).status).toBe(400);
    const unknown = await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { agentName: 'Nobody' }, ann);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'agent_not_found' } } });
    await h.call('POST', `/api/chats/${chat.chatId}/close`, {}, ann);
    const closed = await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { queue: 'Billing' }, ann);
    expect(closed).toMatchObject({ status: 409, body: { error: { code: 'chat_closed' } } });
    expect((await h.call('POST', '/api/chats/no-such-chat/transfer', { queue: 'Billing' }, ann)).status).toBe(404);
  });
});

describe("the supervisor's time to agent", () => {
  it('counts a transferred chat from its first accept, and as answered once it went back to a queue', async () => {
    const sue = await h.signIn('Sue', 'supervisor');
    const chat = await h.newChat('tta1');
    await h.call('POST', `/api/chats/${chat.chatId}/accept`, {}, sue);
    await h.call('POST', `/api/chats/${chat.chatId}/transfer`, { queue: 'General' }, sue);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await h.call('POST', `/api/chats/${chat.chatId}/accept`, {}, sue);
    const left = await h.newChat('tta2');
    await h.call('POST', `/api/chats/${left.chatId}/accept`, {}, sue);
    await h.call('POST', `/api/chats/${left.chatId}/transfer`, { queue: 'General' }, sue);
    await h.integration('POST', `/chats/${left.chatId}/end`, { reason: 'user-left' });

    const { today } = (await h.call('GET', '/api/supervisor/summary', undefined, sue)).body;
    expect(today.timeToAgent).toMatchObject({ count: 2, p50Seconds: 0, p90Seconds: 0 });
    expect(today.abandonment).toMatchObject({ abandoned: 0, answered: 2 });
  });
});

describe('the callback list', () => {
  const callback = {
    idempotencyKey: 'chain-1',
    handoffId: 'handoff/default/c1',
    phone: '+1 555 0100',
    when: 'tomorrow after 9',
    note: 'about the VPN',
    user: { id: 'u1', name: 'Ada', email: 'ada@example.com' },
    ticketNumber: 'LOC0000001',
  };

  it('takes a callback once per key, lists it, and marks it done', async () => {
    const first = await h.integration('POST', '/callbacks', callback);
    expect(first.status).toBe(201);
    const again = await h.integration('POST', '/callbacks', { ...callback, phone: '+1 555 0199' });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });

    const ann = await h.signIn('Ann');
    const list = (await h.call('GET', '/api/callbacks', undefined, ann)).body;
    expect(list).toEqual([expect.objectContaining({ id: first.body.id, phone: '+1 555 0100', when: 'tomorrow after 9', ticketNumber: 'LOC0000001' })]);
    expect(list[0]).not.toHaveProperty('doneAt');

    const done = await h.call('POST', `/api/callbacks/${first.body.id}/done`, undefined, ann);
    expect(done).toMatchObject({ status: 200, body: { doneBy: 'Ann', doneAt: expect.any(String) } });
    expect((await h.call('POST', '/api/callbacks/nope/done', undefined, ann)).status).toBe(404);
  });

  it('refuses a callback without a phone (400)', async () => {
    const answer = await h.integration('POST', '/callbacks', { ...callback, phone: undefined });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'phone' })]);
  });
});

describe('ratings', () => {
  it('keeps the rating and comment on the chat and shows it among the closed chats', async () => {
    const ann = await h.signIn('Ann');
    const chat = await h.newChat('r1');
    await h.call('POST', `/api/chats/${chat.chatId}/accept`, {}, ann);
    await h.call('POST', `/api/chats/${chat.chatId}/close`, {}, ann);

    expect((await h.integration('POST', `/chats/${chat.chatId}/rating`, { rating: 4, comment: 'quick' })).status).toBe(200);
    expect(h.desk.store.chat(chat.chatId)).toMatchObject({ rating: 4, ratingComment: 'quick' });
    expect((await h.call('GET', '/api/closed-chats', undefined, ann)).body).toEqual([
      expect.objectContaining({ chatId: chat.chatId, rating: 4, ratingComment: 'quick', endReason: 'agent-closed' }),
    ]);
  });

  it('refuses a rating out of 1..5 (400) and one for no chat (404)', async () => {
    const chat = await h.newChat('r2');
    expect((await h.integration('POST', `/chats/${chat.chatId}/rating`, { rating: 6 })).status).toBe(400);
    expect((await h.integration('POST', '/chats/nope/rating', { rating: 3 })).status).toBe(404);
  });
});

describe('the local-desk platform against the desk', () => {
  const options: LocalDeskOptions = { queue: 'Service desk' };
  const context = (chainId: string): HandoffContext<LocalDeskOptions> => ({
    handoffId: `handoff/default/${chainId}`,
    chainId,
    profileName: 'default',
    request: {
      conversationId: 'c1',
      user: { id: 'u1', name: 'Ada', department: 'Finance' },
      issue: { lastUtterance: 'my VPN is down', category: 'Network' },
      transcript: [],
    } as never,
    options,
    timeouts: { agentAccept: 60_000, inactivity: 60_000, maxDuration: 60_000 },
  });

  it('declares availability and transfers, and its probe reads the desk numbers for the profile queue', async () => {
    expect(localDeskPlatform.capabilities).toMatchObject({ availability: true, transfers: true });
    const probe = localDeskAvailability({ deskUrl: h.deskUrl, secret: SECRET });
    await h.signIn('Ann');
    await h.newChat('p1', 'Service desk');
    const answer = await probe.probe({ profileName: 'default', options, signal: AbortSignal.timeout(2_000), now: Date.now() });
    expect(answer).toEqual({ agentsAvailable: 1, contactsInQueue: 1 });
    // The profile's queue is one the desk's transfer control offers now.
    expect(h.desk.store.knownQueues()).toContain('Service desk');
  });

  it('throws when the desk refuses, and when the signal aborts', async () => {
    const wrong = localDeskAvailability({ deskUrl: h.deskUrl, secret: 'not the secret' });
    await expect(wrong.probe({ profileName: 'default', options, signal: AbortSignal.timeout(2_000), now: Date.now() })).rejects.toThrow(
      'local desk: availability answered HTTP 401',
    );
    const probe = localDeskAvailability({ deskUrl: h.deskUrl, secret: SECRET });
    await expect(probe.probe({ profileName: 'default', options, signal: AbortSignal.abort(), now: Date.now() })).rejects.toThrow(/abort/i);
  });

  it('creates chats with the category, adds callbacks once per chain, and rates chats', async () => {
    const connector = localDeskConnector({ deskUrl: h.deskUrl, secret: SECRET });
    const placed = await connector.api.placeInQueue(context('chain-9'));
    expect(placed.queue).toEqual({ name: 'Service desk', position: 1 });
    expect(h.desk.store.chat(placed.session.key)).toMatchObject({ category: 'Network', user: { department: 'Finance' } });

    const callbacks = localDeskCallbacks({ deskUrl: h.deskUrl, secret: SECRET });
    await callbacks.add(context('chain-9'), { phone: '+44 20 7946 0000', when: 'after lunch' });
    await callbacks.add(context('chain-9'), { phone: '+44 20 7946 0000', when: 'after lunch' });
    expect(h.desk.store.callbacks.list()).toEqual([
      expect.objectContaining({ handoffId: 'handoff/default/chain-9', phone: '+44 20 7946 0000', user: { id: 'u1', name: 'Ada', department: 'Finance' } }),
    ]);

    await connector.broker.rateChat!({ ...context('chain-9'), session: placed.session, attachments: undefined as never }, { rating: 5, comment: 'great' });
    expect(h.desk.store.chat(placed.session.key)).toMatchObject({ rating: 5, ratingComment: 'great' });
    await expect(rateLocalDeskChat({ deskUrl: h.deskUrl, secret: SECRET }, 'no-such-chat', 3)).rejects.toMatchObject({ nonRetryable: true });
  });
});
