import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskStore, type NewChat } from '../../apps/desk/store';
import { serverTimeZone, summaryOfDesk } from '../../apps/desk/supervisor-routes';
import { percentile } from '../../apps/desk/supervisor-summary';

function freshFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'desk-supervisor-')), 'desk.sqlite');
}

const newChat = (key: string): NewChat => ({
  idempotencyKey: key,
  handoffId: `handoff/default/${key}`,
  mode: 'broker',
  queue: 'General',
  user: { id: 'u1', name: 'Ada' },
  lastUtterance: 'VPN is down',
  context: [],
});

/** A time of the server's day of 10 June 2025 (local time, as "today" is the server's day). */
const at = (hours: number, minutes = 0, seconds = 0, day = 10) => new Date(2025, 5, day, hours, minutes, seconds);
const NOW = at(15);

/** A chat's life on the desk: arrives, maybe is accepted, maybe ends, maybe is rated. */
function chatOf(store: DeskStore, key: string, life: { arrived: Date; accepted?: Date; ended?: [string, Date]; rating?: 1 | 2 | 3 | 4 | 5 }): string {
  const { chatId } = store.createChat(newChat(key), life.arrived);
  if (life.accepted) store.accept(chatId, 'Grace', life.accepted);
  if (life.ended) store.closeChat(chatId, life.ended[0], life.ended[1]);
  if (life.rating) store.rateChat(chatId, life.rating);
  return chatId;
}

describe("the supervisor view's summary", () => {
  it("counts the queue now and today's chats by outcome, abandonment, time to agent and ratings", () => {
    const store = new DeskStore(freshFile());
    // Yesterday's: one answered and closed after midnight (not today's), one still waiting (in the queue now).
    chatOf(store, 'late', { arrived: at(23, 50, 0, 9), accepted: at(23, 55, 0, 9), ended: ['agent-closed', at(0, 10)] });
    chatOf(store, 'overnight', { arrived: at(23, 30, 0, 9) });
    // Today's.
    chatOf(store, 'a', { arrived: at(9), accepted: at(9, 0, 20), ended: ['agent-closed', at(9, 10)], rating: 5 });
    chatOf(store, 'b', { arrived: at(10), accepted: at(10, 0, 45), ended: ['agent-closed', at(10, 20)], rating: 4 });
    chatOf(store, 'c', { arrived: at(11), accepted: at(11, 2), ended: ['inactivity', at(11, 40)], rating: 2 });
    chatOf(store, 'd', { arrived: at(12), ended: ['user-left', at(12, 3)] });
    chatOf(store, 'e', { arrived: at(13), ended: ['no agent accepted in time', at(13, 10)] });
    chatOf(store, 'f', { arrived: at(14), accepted: at(14, 10) });
    chatOf(store, 'g', { arrived: at(14, 55) });

    const summary = summaryOfDesk(store, NOW);

    expect(summary.day).toEqual({ start: at(0).toISOString(), timeZone: serverTimeZone() });
    expect(summary.queue).toEqual({ length: 2, longestWaitSeconds: 15.5 * 3600, waitingSince: at(23, 30, 0, 9).toISOString() });
    expect(summary.today.arrived).toBe(7);
    expect(summary.today.byOutcome).toEqual({
      waiting: 1,
      withAgent: 1,
      closedByAgent: 2,
      userLeft: 1,
      notAcceptedInTime: 1,
      timedOut: 1,
      handedBack: 0,
      operator: 0,
      other: 0,
    });
    // d and e ended before an agent took them; a, b, c and f were answered.
    expect(summary.today.abandonment).toEqual({ abandoned: 2, answered: 4, rate: 0.3333 });
    // Waits of 20 s, 45 s, 2 min and 10 min.
    expect(summary.today.timeToAgent).toEqual({ count: 4, p50Seconds: 45, p90Seconds: 600, buckets: [1, 1, 0, 1, 0, 1] });
    expect(summary.today.csat).toEqual({ ratings: 3, average: 3.67, satisfiedShare: 0.6667, byRating: [0, 1, 0, 1, 1] });
  });

  it('says there is nothing yet on a quiet day: no rates, no percentiles, no ratings', () => {
    const store = new DeskStore(freshFile());
    chatOf(store, 'yesterday', { arrived: at(11, 0, 0, 9), accepted: at(11, 1, 0, 9), ended: ['agent-closed', at(11, 30, 0, 9)], rating: 5 });
    const { queue, today } = summaryOfDesk(store, NOW);
    expect(queue).toEqual({ length: 0, longestWaitSeconds: 0 });
    expect(today.arrived).toBe(0);
    expect(today.abandonment).toEqual({ abandoned: 0, answered: 0, rate: null });
    expect(today.timeToAgent).toEqual({ count: 0, p50Seconds: null, p90Seconds: null, buckets: [0, 0, 0, 0, 0, 0] });
    expect(today.csat).toEqual({ ratings: 0, average: null, satisfiedShare: null, byRating: [0, 0, 0, 0, 0] });
  });

  it('sorts every end reason of Handoff and of the desk into an outcome', () => {
    const store = new DeskStore(freshFile());
    const reasons = ['agent-closed', 'user-left', 'operator', 'terminated', 'handed-back-to-bot', 'max-duration', 'no-events', 'timed-out', 'something broke'];
    reasons.forEach((reason, i) => chatOf(store, reason, { arrived: at(9, i), ended: [reason, at(10, i)] }));
    expect(summaryOfDesk(store, NOW).today.byOutcome).toMatchObject({ closedByAgent: 1, userLeft: 1, operator: 2, handedBack: 1, timedOut: 3, other: 1 });
  });

  it('takes the nearest rank for percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });
});

describe('a desk file from before the supervisor view', () => {
  it('gets the new columns, filled from its notices, and its chats are counted', () => {
    const file = freshFile();
    const old = new Database(file);
    old.exec(`
      CREATE TABLE chats (chat_id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, handoff_id TEXT NOT NULL, mode TEXT NOT NULL,
        status TEXT NOT NULL, queue TEXT NOT NULL, user_json TEXT NOT NULL, last_utterance TEXT NOT NULL, context_json TEXT NOT NULL,
        ticket_number TEXT, join_token TEXT NOT NULL, agent_name TEXT, created_at TEXT NOT NULL, closed_at TEXT);
      CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id TEXT NOT NULL REFERENCES chats(chat_id), author TEXT NOT NULL,
        text TEXT NOT NULL, at TEXT NOT NULL, user_message_id TEXT, UNIQUE (chat_id, user_message_id));
    `);
    const insertChat = old.prepare(`INSERT INTO chats VALUES (?, ?, 'h', 'broker', ?, 'General', '{"id":"u1"}', 'hi', '[]', NULL, '', ?, ?, ?)`);
    const notice = old.prepare(`INSERT INTO messages (chat_id, author, text, at) VALUES (?, 'system', ?, ?)`);
    insertChat.run('closed-by-grace', 'k1', 'closed', 'Grace', at(9).toISOString(), at(9, 30).toISOString());
    notice.run('closed-by-grace', 'Grace joined', at(9, 1).toISOString());
    notice.run('closed-by-grace', 'Grace closed the chat', at(9, 30).toISOString());
    insertChat.run('left', 'k2', 'closed', null, at(10).toISOString(), at(10, 5).toISOString());
    notice.run('left', 'The user left (user-left)', at(10, 5).toISOString());
    insertChat.run('timed-out', 'k3', 'closed', null, at(11).toISOString(), at(11, 5).toISOString());
    notice.run('timed-out', 'The chat has ended (no agent accepted in time)', at(11, 5).toISOString());
    insertChat.run('silent', 'k4', 'closed', null, at(12).toISOString(), at(12, 5).toISOString());
    insertChat.run('talking', 'k5', 'active', 'Grace', at(13).toISOString(), null);
    old.close();

    const store = new DeskStore(file);
    expect(store.chat('closed-by-grace')).toMatchObject({ acceptedAt: at(9, 1).toISOString(), endReason: 'agent-closed' });
    expect(store.chat('left')).toMatchObject({ endReason: 'user-left' });
    expect(store.chat('silent')).not.toHaveProperty('endReason');
    // No "joined" notice: answered all the same, with no time to agent.
    expect(store.chat('talking')).not.toHaveProperty('acceptedAt');
    const { today } = summaryOfDesk(store, NOW);
    expect(today.byOutcome).toMatchObject({ closedByAgent: 1, userLeft: 1, notAcceptedInTime: 1, other: 1, withAgent: 1 });
    expect(today.abandonment).toEqual({ abandoned: 3, answered: 2, rate: 0.6 });
    expect(today.timeToAgent).toMatchObject({ count: 1, p50Seconds: 60 });
    store.close();

    // Opened again (the API and `npm run desk` both open it), nothing changes.
    const again = new DeskStore(file);
    expect(again.chat('closed-by-grace')).toMatchObject({ acceptedAt: at(9, 1).toISOString(), endReason: 'agent-closed' });
    again.close();
  });
});
