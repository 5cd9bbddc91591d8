import express from 'express';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskStore } from '../../apps/desk/store';
import { WebhookOutbox } from '../../apps/desk/webhook-outbox';
import { deskSignature } from '../../platforms/local-desk/delivery-signature';
import { startHandoff, transcriptOf, waitForStatus } from '../brokering/helpers';
import { eventually, HandoffStack } from '../support/stack';

interface Received {
  chatId: string;
  text: string;
}

/** A webhook receiver whose answer per event the test decides (a status, or never answering). */
async function receiver(answer: (event: Received) => number | 'hang') {
  const received: Received[] = [];
  const attempted: Received[] = [];
  /** Each attempt's X-Desk-Timestamp, and whether its X-Desk-Signature covers it and the exact body. */
  const signatures: Array<{ timestamp: string; valid: boolean }> = [];
  const app = express();
  app.use(express.text({ type: 'application/json' }));
  app.post('/hook', (req, res) => {
    const timestamp = req.header('x-desk-timestamp') ?? '';
    signatures.push({ timestamp, valid: req.header('x-desk-signature') === deskSignature('s', timestamp, req.body as string) });
    const body = JSON.parse(req.body as string) as { chatId: string; text: string };
    const event = { chatId: body.chatId, text: body.text };
    attempted.push(event);
    const status = answer(event);
    if (status === 'hang') return;
    if (status < 300) received.push(event);
    res.status(status).json({});
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, attempted, signatures, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server };
}

function storeWithChats(count: number) {
  const store = new DeskStore(path.join(mkdtempSync(path.join(tmpdir(), 'outbox-')), 'desk.sqlite'));
  const chats = Array.from({ length: count }, (_, i) =>
    store.createChat({
      idempotencyKey: `k${i}`,
      handoffId: `handoff/default/k${i}`,
      mode: 'broker',
      queue: 'General',
      user: { id: 'u', name: 'Ada' },
      lastUtterance: 'help',
      context: [],
    }),
  );
  const say = (chatId: string, text: string) => store.recordAgentEvent(chatId, () => undefined, { type: 'agent.message', text });
  return { store, chats, say };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function startOutbox(store: DeskStore, url: string): WebhookOutbox {
  const outbox = new WebhookOutbox(store, { webhookUrl: () => url, secret: 's' });
  outbox.start();
  cleanups.push(() => outbox.stop());
  return outbox;
}

describe('the desk webhook outbox', () => {
  it('delivers what was recorded before it started, each chat in order, through 503 answers', async () => {
    let attempts = 0;
    const hook = await receiver(() => (++attempts % 3 === 0 ? 503 : 200));
    cleanups.push(() => hook.server.close());
    const { store, chats, say } = storeWithChats(3);
    for (let i = 0; i < 5; i++) for (const chat of chats) say(chat.chatId, `${chat.chatId} ${i}`);

    startOutbox(store, hook.url);

    await eventually(() => expect(hook.received).toHaveLength(15));
    for (const chat of chats) {
      expect(hook.received.filter((e) => e.chatId === chat.chatId).map((e) => e.text)).toEqual([0, 1, 2, 3, 4].map((i) => `${chat.chatId} ${i}`));
    }
    // The receiver records an event before it answers; the outbox marks it delivered after.
    await eventually(() => expect(store.pendingEvents()).toEqual([]));
  });

  it('keeps delivering other chats while one chat’s deliveries hang or fail', async () => {
    const { store, chats, say } = storeWithChats(2);
    const [stuck, healthy] = [chats[0]!.chatId, chats[1]!.chatId];
    const hook = await receiver((event) => (event.chatId === stuck ? (event.text.endsWith('0') ? 'hang' : 500) : 200));
    cleanups.push(() => hook.server.closeAllConnections());
    cleanups.push(() => hook.server.close());
    const outbox = startOutbox(store, hook.url);

    say(stuck, `${stuck} 0`);
    outbox.kick();
    await eventually(() => expect(hook.attempted).toHaveLength(1));
    for (let i = 0; i < 3; i++) {
      say(healthy, `${healthy} ${i}`);
      outbox.kick();
    }

    // Well before the hung delivery's own 10 s timeout.
    await eventually(() => expect(hook.received.map((e) => e.text)).toEqual([0, 1, 2].map((i) => `${healthy} ${i}`)), 3_000);
    await eventually(() => expect(store.pendingEvents().map((e) => e.chatId)).toEqual([stuck]));
  });

  it('signs every attempt anew: the timestamp of the attempt and the exact body', async () => {
    let attempts = 0;
    const hook = await receiver(() => (++attempts === 1 ? 503 : 200));
    cleanups.push(() => hook.server.close());
    const { store, chats, say } = storeWithChats(1);
    say(chats[0]!.chatId, 'signed');
    startOutbox(store, hook.url);

    await eventually(() => expect(hook.received).toHaveLength(1));
    expect(hook.signatures).toHaveLength(2);
    expect(hook.signatures.every((s) => s.valid && Math.abs(Number(s.timestamp) * 1_000 - Date.now()) < 60_000)).toBe(true);
  });

  it('drops an event the webhook refuses with a 4xx and goes on with the next', async () => {
    const hook = await receiver((event) => (event.text === 'bad' ? 422 : 200));
    cleanups.push(() => hook.server.close());
    const { store, chats, say } = storeWithChats(1);
    const chatId = chats[0]!.chatId;
    const outbox = startOutbox(store, hook.url);

    for (const text of ['first', 'bad', 'last']) say(chatId, text);
    outbox.kick();

    await eventually(() => expect(hook.received.map((e) => e.text)).toEqual(['first', 'last']));
    // The receiver records an event before it answers; the outbox marks it delivered after.
    await eventually(() => expect(store.pendingEvents()).toEqual([]));
  });

  it('writes nothing once stopped: a delivery answered after stop() stays pending for the next start', async () => {
    let answerNow: (() => void) | undefined;
    const hook = express();
    hook.post('/hook', (_req, res) => {
      answerNow = () => res.status(200).json({});
    });
    const server = createServer(hook);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const { store, chats, say } = storeWithChats(1);
    say(chats[0]!.chatId, 'answered late');
    const outbox = startOutbox(store, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    await eventually(() => expect(answerNow).toBeDefined());

    outbox.stop();
    answerNow!();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // The desk may close its store right after stop(): the outbox must not write to it.
    expect(store.pendingEvents().map((e) => e.body.text)).toEqual(['answered late']);
  });
});

describe('the desk webhook outbox against Handoff', () => {
  it('neither loses nor duplicates an event whose accepted delivery lost its answer: the redelivery is answered webhook_replayed', async () => {
    const stack = await HandoffStack.start();
    cleanups.push(() => void stack.stop());
    // The desk's own outbox is replaced by one that reaches Handoff through a proxy that loses answers.
    stack.desk.outbox.stop();
    const answers: Array<{ type: string; status: number; code?: string }> = [];
    let loseNextMessageAnswer = true;
    const proxy = express();
    proxy.use(express.text({ type: 'application/json' }));
    proxy.post('/hook', async (req, res) => {
      const forwarded = await fetch(`${stack.apiUrl}/v1/webhooks/local-desk`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-desk-timestamp': req.header('x-desk-timestamp')!,
          'x-desk-signature': req.header('x-desk-signature')!,
        },
        body: req.body as string,
      });
      const answer = await forwarded.text();
      const type = (JSON.parse(req.body as string) as { type: string }).type;
      answers.push({ type, status: forwarded.status, ...(forwarded.status === 401 && { code: JSON.parse(answer).error.code }) });
      if (type === 'agent.message' && loseNextMessageAnswer) {
        loseNextMessageAnswer = false;
        res.socket?.destroy(); // Handoff took it; the desk never hears so
        return;
      }
      res.status(forwarded.status).type('application/json').send(answer);
    });
    const server = createServer(proxy);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const outbox = new WebhookOutbox(stack.desk.store, {
      webhookUrl: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      secret: stack.deskSecret,
    });
    outbox.start();
    cleanups.push(() => outbox.stop());

    const handoff = await startHandoff(stack, 'default');
    const chatId = (await eventually(() => stack.chatFor(handoff.id)!)).chatId;
    const store = stack.desk.store;
    store.recordAgentEvent(chatId, () => store.accept(chatId, 'Grace'), { type: 'agent.joined', agentName: 'Grace' });
    store.recordAgentEvent(chatId, () => undefined, { type: 'agent.message', text: 'said once', agentName: 'Grace' });
    store.recordAgentEvent(chatId, () => undefined, { type: 'agent.message', text: 'and then this', agentName: 'Grace' });
    outbox.kick();

    await waitForStatus(stack, handoff.id, 'connected');
    await eventually(async () => expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:said once', 'agent:and then this']));
    await eventually(() => expect(store.pendingEvents()).toEqual([]));
    const messages = answers.filter((a) => a.type === 'agent.message');
    expect(messages).toEqual([
      { type: 'agent.message', status: 202 },
      { type: 'agent.message', status: 401, code: 'webhook_replayed' },
      { type: 'agent.message', status: 202 },
    ]);
    const events = await eventually(() => {
      const found = stack.bot.eventsFor(handoff.id).filter((e) => e.type === 'agent.message');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(events.map((e) => (e as { text?: string }).text)).toEqual(['said once', 'and then this']);
  });
});
