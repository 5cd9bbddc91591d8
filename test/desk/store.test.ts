import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskStore } from '../../apps/desk/store';

const newChat = (key: string) => ({
  idempotencyKey: key,
  handoffId: `handoff/default/${key}`,
  mode: 'broker' as const,
  queue: 'General',
  user: { id: 'u1', name: 'Ada' },
  lastUtterance: 'VPN is down',
  context: [{ from: 'bot', text: 'Try reconnecting?' }],
});

function freshFile() {
  return path.join(mkdtempSync(path.join(tmpdir(), 'desk-')), 'desk.sqlite');
}

describe('the local desk store', () => {
  it('keeps chats, messages, tickets and pending events across a restart', () => {
    const file = freshFile();
    const before = new DeskStore(file);
    const chat = before.createChat(newChat('k1'));
    before.addUserMessages(chat.chatId, [{ messageId: 'm1', text: 'hello' }]);
    before.recordAgentEvent(chat.chatId, () => before.accept(chat.chatId, 'Grace'), { type: 'agent.joined', agentName: 'Grace' });
    const ticket = before.fileTicket({ correlationId: 'c1', shortDescription: 'VPN', description: 'd', workNotes: 'w' });
    before.close();

    const after = new DeskStore(file);
    expect(after.chat(chat.chatId)).toMatchObject({ status: 'active', agentName: 'Grace', context: [{ from: 'bot', text: 'Try reconnecting?' }] });
    expect(after.messages(chat.chatId).map((m) => m.text)).toEqual(['VPN is down', 'hello']);
    expect(after.ticket(ticket.number)).toMatchObject({ shortDescription: 'VPN', workNotes: [{ text: 'w' }] });
    expect(after.pendingEvents().map((e) => e.body)).toEqual([
      expect.objectContaining({ type: 'agent.joined', eventId: expect.stringMatching(/^desk-\d+$/), handoffId: 'handoff/default/k1' }),
    ]);
    after.close();
  });

  it('creates one chat per idempotency key and takes each user message once per messageId', () => {
    const store = new DeskStore(freshFile());
    const first = store.createChat(newChat('same'));
    const again = store.createChat(newChat('same'));
    expect(again.chatId).toBe(first.chatId);
    expect(
      store.addUserMessages(first.chatId, [
        { messageId: 'm3', text: 'a' },
        { messageId: 'm4', text: 'b' },
      ]),
    ).toBe(2);
    expect(
      store.addUserMessages(first.chatId, [
        { messageId: 'm4', text: 'b' },
        { messageId: 'm5', text: 'c' },
      ]),
    ).toBe(1);
    expect(store.messages(first.chatId).map((m) => m.text)).toEqual(['VPN is down', 'a', 'b', 'c']);
  });

  it('opens a file made when user messages were keyed by seq, and keys new ones by messageId', () => {
    const file = freshFile();
    const old = new Database(file);
    old.exec(`CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id TEXT NOT NULL, author TEXT NOT NULL,
      text TEXT NOT NULL, at TEXT NOT NULL, user_seq INTEGER, UNIQUE (chat_id, user_seq))`);
    old.close();

    const store = new DeskStore(file);
    const chat = store.createChat(newChat('k1'));
    expect(
      store.addUserMessages(chat.chatId, [
        { messageId: 'm1', text: 'a' },
        { messageId: 'm2', text: 'b' },
        { messageId: 'm1', text: 'a' },
      ]),
    ).toBe(2);
    store.close();
    expect(new DeskStore(file).messages(chat.chatId).map((m) => m.text)).toEqual(['VPN is down', 'a', 'b']);
  });

  it("keeps who wrote each agent's line, across a restart, and reads lines kept before it did as nameless", () => {
    const file = freshFile();
    const old = new Database(file);
    old.exec(`CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id TEXT NOT NULL, author TEXT NOT NULL,
      text TEXT NOT NULL, at TEXT NOT NULL, user_message_id TEXT, attachment_json TEXT, UNIQUE (chat_id, user_message_id))`);
    old.prepare("INSERT INTO messages (chat_id, author, text, at) VALUES ('c-old', 'agent', 'from before', '2026-01-01T00:00:00.000Z')").run();
    old.close();

    const before = new DeskStore(file);
    const chat = before.createChat(newChat('k1'));
    before.addAgentMessage(chat.chatId, 'Bob', 'Let me look');
    before.addAgentAttachment(chat.chatId, 'Sue', { name: 'guide.pdf', contentType: 'application/pdf', size: 3, fileId: 'f'.repeat(64) });
    before.close();

    const after = new DeskStore(file);
    expect(after.messages(chat.chatId).map(({ from, name, text }) => ({ from, name, text }))).toEqual([
      { from: 'user', name: undefined, text: 'VPN is down' },
      { from: 'agent', name: 'Bob', text: 'Let me look' },
      { from: 'agent', name: 'Sue', text: 'guide.pdf' },
    ]);
    expect(after.messages('c-old')).toEqual([{ from: 'agent', text: 'from before', at: '2026-01-01T00:00:00.000Z' }]);
  });

  it('files one ticket per correlation id and each work note once per key', () => {
    const store = new DeskStore(freshFile());
    const one = store.fileTicket({ correlationId: 'x', shortDescription: 's', description: 'd', workNotes: 'w' });
    const two = store.fileTicket({ correlationId: 'x', shortDescription: 's', description: 'd', workNotes: 'w' });
    expect(two.number).toBe(one.number);
    expect(store.addWorkNote(one.number, 'transcript', 'chat')).toBe(true);
    expect(store.addWorkNote(one.number, 'transcript', 'chat')).toBe(true);
    expect(store.ticket(one.number)!.workNotes.map((n) => n.text)).toEqual(['w', 'chat']);
    expect(store.addWorkNote('LOC9999999', 'k', 't')).toBe(false);
  });

  it('names the chats with undelivered events, the one waiting longest first', () => {
    const store = new DeskStore(freshFile());
    const [a, b] = [store.createChat(newChat('a')), store.createChat(newChat('b'))];
    const say = (chatId: string) => store.recordAgentEvent(chatId, () => undefined, { type: 'agent.message', text: 'hi' });
    const first = say(b.chatId);
    say(a.chatId);
    say(b.chatId);
    expect(store.chatsWithPendingEvents()).toEqual([b.chatId, a.chatId]);
    expect(store.chatsWithPendingEvents(1)).toEqual([b.chatId]);
    store.markDelivered(first.id);
    expect(store.chatsWithPendingEvents()).toEqual([a.chatId, b.chatId]);
  });

  it('numbers the queue per queue name in arrival order', () => {
    const store = new DeskStore(freshFile());
    const a = store.createChat(newChat('a'));
    const b = store.createChat({ ...newChat('b'), queue: 'Other' });
    const c = store.createChat(newChat('c'));
    expect([store.positionOf(a.chatId), store.positionOf(b.chatId), store.positionOf(c.chatId)]).toEqual([1, 1, 2]);
    store.accept(a.chatId, 'Ann');
    expect(store.positionOf(c.chatId)).toBe(1);
  });
});
