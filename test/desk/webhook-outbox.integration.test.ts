import express from 'express';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskStore } from '../../desk/store';
import { WebhookOutbox } from '../../desk/webhook-outbox';
import { eventually } from '../support/stack';

interface Received {
  chatId: string;
  text: string;
}

/** A webhook receiver whose answer per event the test decides (a status, or never answering). */
async function receiver(answer: (event: Received) => number | 'hang') {
  const received: Received[] = [];
  const attempted: Received[] = [];
  const app = express();
  app.use(express.json());
  app.post('/hook', (req, res) => {
    const event = { chatId: req.body.chatId as string, text: req.body.text as string };
    attempted.push(event);
    const status = answer(event);
    if (status === 'hang') return;
    if (status < 300) received.push(event);
    res.status(status).json({});
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, attempted, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server };
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
});
