/**
 * The local desk's state in one SQLite file: chats and their messages, the local ticket store,
 * and an outbox of agent events not yet delivered to Handoff's webhook. Everything a restart
 * must not lose is written here before it is acknowledged.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AgentDirectory } from './agents';
import { AgentSessions } from './agent-sessions';
import { CallbackList } from './callbacks';
import { openDeskDatabase } from './database';
import { JoinLinks } from './join-links';
import { worthTelling } from './queue-announcements';
import { addChatOutcomeColumns } from './supervisor-columns';
import type { ChatTimes } from './supervisor-summary';
import type { DeskChange } from './live-feed';

export type ChatStatus = 'queued' | 'active' | 'closed';
/** `direct`: the user started the chat on the desk's own page (after a url-mode redirect); no handoff follows it. */
export type ChatMode = 'api' | 'broker' | 'direct';
export type MessageAuthor = 'user' | 'agent' | 'bot' | 'system';

export interface ChatRow {
  chatId: string;
  handoffId: string;
  mode: ChatMode;
  status: ChatStatus;
  queue: string;
  user: { id: string; name?: string; email?: string; department?: string };
  /** The issue's category, as the bot gave it. */
  category?: string;
  lastUtterance: string;
  context: Array<{ from: string; text: string; at?: string }>;
  ticketNumber?: string;
  agentName?: string;
  createdAt: string;
  /** When the chat joined its queue: its creation, or its last transfer to a queue. */
  queuedAt: string;
  /** When an agent first accepted the chat (a transfer and a later accept leave it). */
  acceptedAt?: string;
  closedAt?: string;
  /** Why the chat ended: `agent-closed`, `user-left`, or the reason Handoff gave (endings.ts). */
  endReason?: string;
  /** The user's rating of the chat, 1..5, once the survey records one. */
  rating?: number;
  ratingComment?: string;
  /** The markers Handoff's redactions write for this chat's profile (`[card number]`), to point them out. */
  redactionMarkers: string[];
  /** What happened before the handoff, in short: shown first. */
  summary?: DeskSummary;
}

/** The handoff's summary as the desk shows it (contracts/summary.ts). */
export interface DeskSummary {
  text: string;
  provider: string;
  fellBack: boolean;
}

export interface DeskMessage {
  from: MessageAuthor;
  text: string;
  at: string;
  /** Who wrote an agent's line: the signed-in agent (absent on lines kept before the desk recorded it). */
  name?: string;
  /** A file the message carries: the user's by Handoff's signed `url`, the agent's by the desk's own `fileId`. */
  attachment?: DeskAttachment;
}

export interface DeskAttachment {
  name: string;
  contentType: string;
  size: number;
  sha256?: string;
  url?: string;
  fileId?: string;
}

export interface TicketRow {
  number: string;
  shortDescription: string;
  description: string;
  workNotes: Array<{ text: string; at: string }>;
  createdAt: string;
}

export interface OutboxEvent {
  id: number;
  chatId: string;
  handoffId: string;
  body: Record<string, unknown>;
}

export interface NewChat {
  idempotencyKey: string;
  handoffId: string;
  mode: ChatMode;
  queue: string;
  user: ChatRow['user'];
  lastUtterance: string;
  context: ChatRow['context'];
  ticketNumber?: string;
  category?: string;
  redactionMarkers?: string[];
  summary?: DeskSummary;
}

/** Where a queued chat stands: its place in its queue (1 = next) and the wait the desk expects. */
export interface QueueStanding {
  position: number;
  estimatedWaitSeconds?: number;
}

/** How many past waits the estimate looks at. */
const WAITS_FOR_ESTIMATE = 20;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS chats (
  chat_id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  handoff_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  status TEXT NOT NULL,
  queue TEXT NOT NULL,
  user_json TEXT NOT NULL,
  last_utterance TEXT NOT NULL,
  context_json TEXT NOT NULL,
  ticket_number TEXT,
  join_token TEXT NOT NULL,
  agent_name TEXT,
  created_at TEXT NOT NULL,
  closed_at TEXT,
  accepted_at TEXT,
  end_reason TEXT,
  rating INTEGER
);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id TEXT NOT NULL REFERENCES chats(chat_id),
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  at TEXT NOT NULL,
  user_message_id TEXT,
  UNIQUE (chat_id, user_message_id)
);
CREATE TABLE IF NOT EXISTS tickets (
  number TEXT PRIMARY KEY,
  correlation_id TEXT NOT NULL UNIQUE,
  short_description TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS work_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_number TEXT NOT NULL REFERENCES tickets(number),
  note_key TEXT NOT NULL,
  text TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (ticket_number, note_key)
);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id TEXT NOT NULL,
  handoff_id TEXT NOT NULL,
  body_json TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered_at, id);
CREATE INDEX IF NOT EXISTS outbox_chat_pending ON outbox (chat_id, delivered_at, id);
`;

interface ChatRecord {
  chat_id: string;
  handoff_id: string;
  mode: ChatMode;
  status: ChatStatus;
  queue: string;
  user_json: string;
  last_utterance: string;
  context_json: string;
  ticket_number: string | null;
  agent_name: string | null;
  created_at: string;
  closed_at: string | null;
  accepted_at: string | null;
  end_reason: string | null;
  rating: number | null;
  category: string | null;
  queued_at: string | null;
  rating_comment: string | null;
  sent_position: number | null;
  sent_estimate: number | null;
  queue_updates: number;
  redaction_markers_json: string | null;
  summary_json: string | null;
}

/** Columns added after the first release; files made before get them (NULL: unknown, or never sent). */
const LATER_CHAT_COLUMNS: Array<[string, string]> = [
  ['category', 'TEXT'],
  ['queued_at', 'TEXT'],
  ['rating_comment', 'TEXT'],
  ['sent_position', 'INTEGER'],
  ['sent_estimate', 'INTEGER'],
  ['queue_updates', 'INTEGER NOT NULL DEFAULT 0'],
  ['redaction_markers_json', 'TEXT'],
  ['summary_json', 'TEXT'],
];

const QUEUE_SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_waits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  wait_ms INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_waits_by_queue ON queue_waits (queue, id);
CREATE TABLE IF NOT EXISTS known_queues (
  name TEXT PRIMARY KEY,
  seen_at TEXT NOT NULL
);
`;

/** The order of a queue: by when each chat joined it. */
const QUEUE_ORDER = 'COALESCE(queued_at, created_at), rowid';

function toChat(r: ChatRecord): ChatRow {
  return {
    chatId: r.chat_id,
    handoffId: r.handoff_id,
    mode: r.mode,
    status: r.status,
    queue: r.queue,
    user: JSON.parse(r.user_json),
    ...(r.category !== null && { category: r.category }),
    lastUtterance: r.last_utterance,
    context: JSON.parse(r.context_json),
    ...(r.ticket_number !== null && { ticketNumber: r.ticket_number }),
    ...(r.agent_name !== null && { agentName: r.agent_name }),
    createdAt: r.created_at,
    queuedAt: r.queued_at ?? r.created_at,
    ...(r.accepted_at !== null && { acceptedAt: r.accepted_at }),
    ...(r.closed_at !== null && { closedAt: r.closed_at }),
    ...(r.end_reason !== null && { endReason: r.end_reason }),
    ...(r.rating !== null && { rating: r.rating }),
    ...(r.rating_comment !== null && { ratingComment: r.rating_comment }),
    redactionMarkers: r.redaction_markers_json === null ? [] : JSON.parse(r.redaction_markers_json),
    ...(r.summary_json !== null && { summary: JSON.parse(r.summary_json) }),
  };
}

/** A chat as `createChat` answers it: with the token of its join link, which the desk does not keep. */
export type CreatedChat = ChatRow & { joinToken: string };

export interface DeskStoreOptions {
  /** How long a join link works before its first use. @default 10 minutes */
  joinLinkTtlMs?: number;
}

export class DeskStore {
  private readonly db: Database.Database;
  /** Who may sign in to the agent console. */
  readonly agents: AgentDirectory;
  readonly agentSessions: AgentSessions;
  readonly joinLinks: JoinLinks;
  /** Users waiting for a call back (fallback `callback`). */
  readonly callbacks: CallbackList;
  /** Called after a change recorded events for Handoff's webhook that no agent action kicked (queue updates): the desk kicks its outbox. */
  eventsRecorded: () => void = () => undefined;
  /** Inside `recordAgentEvent`: queue changes are sent after the action's own event. */
  private eventDepth = 0;
  private queueRefreshPending = false;

  /** `onChange` hears of every change to a chat or a ticket, for the desk's live pages. */
  constructor(
    filename: string,
    private readonly onChange: (change: DeskChange) => void = () => undefined,
    options: DeskStoreOptions = {},
  ) {
    this.db = openDeskDatabase(filename);
    this.db.exec(SCHEMA);
    this.keyUserMessagesById();
    this.addAttachmentColumn();
    this.addAuthorNameColumn();
    addChatOutcomeColumns(this.db);
    this.addLaterChatColumns();
    this.db.exec(QUEUE_SCHEMA);
    this.agents = new AgentDirectory(this.db);
    this.agentSessions = new AgentSessions(this.db);
    this.joinLinks = new JoinLinks(this.db, options.joinLinkTtlMs);
    this.callbacks = new CallbackList(this.db, () => this.onChange({ type: 'callbacks' }));
    // Files from before join links were single-use kept each link's token in plain text.
    this.db.prepare("UPDATE chats SET join_token = '' WHERE join_token != ''").run();
  }

  /**
   * Files made before user messages were keyed by the bot's `messageId` keyed them by `seq`. Their
   * old column stays, unwritten (NULLs never collide), and the id column and its index are added.
   */
  private keyUserMessagesById(): void {
    const columns = this.db.prepare('PRAGMA table_info(messages)').all() as Array<{ name: string }>;
    if (columns.some((c) => c.name === 'user_message_id')) return;
    this.db.exec(`
      ALTER TABLE messages ADD COLUMN user_message_id TEXT;
      CREATE UNIQUE INDEX messages_user_message_id ON messages (chat_id, user_message_id);
    `);
  }

  /** Files made before attachments have no column for them; their messages have none. */
  private addAttachmentColumn(): void {
    const columns = this.db.prepare('PRAGMA table_info(messages)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'attachment_json')) this.db.exec('ALTER TABLE messages ADD COLUMN attachment_json TEXT');
  }

  /** Files made before agents' lines carried their writer's name have no column for it; those lines have none. */
  private addAuthorNameColumn(): void {
    const columns = this.db.prepare('PRAGMA table_info(messages)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'author_name')) this.db.exec('ALTER TABLE messages ADD COLUMN author_name TEXT');
  }

  /** In one immediate transaction: the API and `npm run desk` may open an older file at once. */
  private addLaterChatColumns(): void {
    this.db
      .transaction(() => {
        const columns = new Set((this.db.prepare('PRAGMA table_info(chats)').all() as Array<{ name: string }>).map((c) => c.name));
        for (const [name, type] of LATER_CHAT_COLUMNS) if (!columns.has(name)) this.db.exec(`ALTER TABLE chats ADD COLUMN ${name} ${type}`);
      })
      .immediate();
  }

  close(): void {
    this.db.close();
  }

  /**
   * Creates a chat once per idempotency key; a repeated call returns the first chat. Each call
   * issues a new join link token (a repeated call is a retry that never got the first one).
   */
  createChat(chat: NewChat, now = new Date()): CreatedChat {
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT * FROM chats WHERE idempotency_key = ?').get(chat.idempotencyKey) as ChatRecord | undefined;
      if (existing) return { ...toChat(existing), joinToken: this.joinLinks.issue(existing.chat_id, now.getTime()) };
      const chatId = randomUUID();
      // The new chat is last in its queue; the creator is told where it stands, so that is not sent again.
      const standing = this.standingAt(chat.queue, this.queueLength(chat.queue) + 1);
      this.db
        .prepare(
          `INSERT INTO chats (chat_id, idempotency_key, handoff_id, mode, status, queue, user_json, last_utterance, context_json, ticket_number, join_token, created_at,
                              queued_at, category, sent_position, sent_estimate, redaction_markers_json, summary_json)
           VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          chatId,
          chat.idempotencyKey,
          chat.handoffId,
          chat.mode,
          chat.queue,
          JSON.stringify(chat.user),
          chat.lastUtterance,
          JSON.stringify(chat.context),
          chat.ticketNumber ?? null,
          '',
          now.toISOString(),
          now.toISOString(),
          chat.category ?? null,
          standing.position,
          standing.estimatedWaitSeconds ?? null,
          JSON.stringify(chat.redactionMarkers ?? []),
          chat.summary ? JSON.stringify(chat.summary) : null,
        );
      this.seeQueue(chat.queue, now);
      this.insertMessage(chatId, 'user', chat.lastUtterance, now);
      return { ...this.chat(chatId)!, joinToken: this.joinLinks.issue(chatId, now.getTime()) };
    })();
  }

  chat(chatId: string): ChatRow | undefined {
    const row = this.db.prepare('SELECT * FROM chats WHERE chat_id = ?').get(chatId) as ChatRecord | undefined;
    return row && toChat(row);
  }

  queue(): ChatRow[] {
    return (this.db.prepare(`SELECT * FROM chats WHERE status = 'queued' ORDER BY ${QUEUE_ORDER}`).all() as ChatRecord[]).map(toChat);
  }

  /** The last `limit` closed chats, the latest first (the desk page shows their ratings). */
  recentlyClosed(limit = 20): ChatRow[] {
    return (this.db.prepare("SELECT * FROM chats WHERE status = 'closed' ORDER BY closed_at DESC, rowid DESC LIMIT ?").all(limit) as ChatRecord[]).map(toChat);
  }

  openChats(): ChatRow[] {
    return (this.db.prepare("SELECT * FROM chats WHERE status != 'closed' ORDER BY created_at, rowid").all() as ChatRecord[]).map(toChat);
  }

  /** 1-based place in its queue of a waiting chat. */
  positionOf(chatId: string): number {
    const chat = this.chat(chatId);
    if (!chat) return 0;
    const ids = this.db.prepare(`SELECT chat_id FROM chats WHERE status = 'queued' AND queue = ? ORDER BY ${QUEUE_ORDER}`).all(chat.queue) as Array<{
      chat_id: string;
    }>;
    return ids.findIndex((r) => r.chat_id === chatId) + 1;
  }

  /** Where a waiting chat stands: its place and the wait the desk expects. */
  standingOf(chatId: string): QueueStanding | undefined {
    const chat = this.chat(chatId);
    if (chat?.status !== 'queued') return undefined;
    return this.standingAt(chat.queue, this.positionOf(chatId));
  }

  /** How many chats wait in `queue`. */
  queueLength(queue: string): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM chats WHERE status = 'queued' AND queue = ?").get(queue) as { n: number }).n;
  }

  /** All chats waiting, in every queue. */
  queuedCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM chats WHERE status = 'queued'").get() as { n: number }).n;
  }

  /**
   * The median of the last 20 waits (queued to accepted) in `queue`, in milliseconds; undefined
   * before the queue has any.
   */
  medianWaitMs(queue: string): number | undefined {
    const waits = (
      this.db.prepare('SELECT wait_ms FROM queue_waits WHERE queue = ? ORDER BY id DESC LIMIT ?').all(queue, WAITS_FOR_ESTIMATE) as Array<{ wait_ms: number }>
    )
      .map((r) => r.wait_ms)
      .sort((a, b) => a - b);
    if (waits.length === 0) return undefined;
    const middle = Math.floor(waits.length / 2);
    return waits.length % 2 === 1 ? waits[middle]! : (waits[middle - 1]! + waits[middle]!) / 2;
  }

  /** The place `position` in `queue`, with the wait expected there: the median wait times the place. */
  standingAt(queue: string, position: number): QueueStanding {
    const median = this.medianWaitMs(queue);
    return { position, ...(median !== undefined && { estimatedWaitSeconds: Math.round((median / 1_000) * position) }) };
  }

  /** Remembers a queue name (a profile's, seen in a chat or an availability question) for the transfer list. */
  seeQueue(name: string, now = new Date()): void {
    this.db
      .prepare('INSERT INTO known_queues (name, seen_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at')
      .run(name, now.toISOString());
  }

  /** The queues the desk knows: those of its chats and those profiles asked about, by name. */
  knownQueues(): string[] {
    const rows = this.db.prepare('SELECT name FROM known_queues UNION SELECT DISTINCT queue FROM chats ORDER BY 1').all() as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }

  messages(chatId: string): DeskMessage[] {
    const rows = this.db
      .prepare('SELECT author AS "from", text, at, author_name, attachment_json FROM messages WHERE chat_id = ? ORDER BY id')
      .all(chatId) as Array<Omit<DeskMessage, 'name' | 'attachment'> & { author_name: string | null; attachment_json: string | null }>;
    return rows.map(({ author_name, attachment_json, ...message }) => ({
      ...message,
      ...(author_name !== null && { name: author_name }),
      ...(attachment_json !== null && { attachment: JSON.parse(attachment_json) as DeskAttachment }),
    }));
  }

  /** Stores a user's file (a reference and Handoff's link, never the bytes) once per `messageId`; true when it was new. */
  addUserAttachment(chatId: string, messageId: string, attachment: DeskAttachment, now = new Date()): boolean {
    const added =
      this.db
        .prepare("INSERT OR IGNORE INTO messages (chat_id, author, text, at, user_message_id, attachment_json) VALUES (?, 'user', ?, ?, ?, ?)")
        .run(chatId, attachment.name, now.toISOString(), messageId, JSON.stringify(attachment)).changes > 0;
    if (added) this.onChange({ type: 'chat', chatId });
    return added;
  }

  /** Stores the agent's file (kept by the desk, by `fileId`) as a message of theirs, under their name. */
  addAgentAttachment(chatId: string, agentName: string, attachment: DeskAttachment, now = new Date()): void {
    this.db
      .prepare("INSERT INTO messages (chat_id, author, text, at, author_name, attachment_json) VALUES (?, 'agent', ?, ?, ?, ?)")
      .run(chatId, attachment.name, now.toISOString(), agentName, JSON.stringify(attachment));
    this.onChange({ type: 'chat', chatId });
  }

  /** Stores what an agent wrote, under the name of the agent who wrote it. */
  addAgentMessage(chatId: string, agentName: string, text: string, now = new Date()): void {
    this.insertMessage(chatId, 'agent', text, now, agentName);
  }

  /** Stores user messages once per `messageId` (the bot's own id); returns how many were new. */
  addUserMessages(chatId: string, messages: Array<{ messageId: string; text: string }>, now = new Date()): number {
    const insert = this.db.prepare("INSERT OR IGNORE INTO messages (chat_id, author, text, at, user_message_id) VALUES (?, 'user', ?, ?, ?)");
    const added = this.db.transaction(() => messages.reduce((sum, m) => sum + insert.run(chatId, m.text, now.toISOString(), m.messageId).changes, 0))();
    if (added > 0) this.onChange({ type: 'chat', chatId });
    return added;
  }

  /** What Handoff tells the agent (it checked in with a silent user): a notice, once per `noticeId`. */
  addHandoffNotice(chatId: string, noticeId: string, text: string, now = new Date()): boolean {
    const added = this.db
      .prepare("INSERT OR IGNORE INTO messages (chat_id, author, text, at, user_message_id) VALUES (?, 'system', ?, ?, ?)")
      .run(chatId, text, now.toISOString(), `notice:${noticeId}`).changes;
    if (added > 0) this.onChange({ type: 'chat', chatId });
    return added > 0;
  }

  /** A user's line, or the desk's notice; an agent's lines go through `addAgentMessage`. */
  addMessage(chatId: string, from: Exclude<MessageAuthor, 'agent'>, text: string, now = new Date()): void {
    this.insertMessage(chatId, from, text, now);
  }

  /**
   * Records an agent action and the event for Handoff's webhook in one transaction. The queue
   * updates the action causes are recorded after its own event (a transfer, then the new place).
   */
  recordAgentEvent(chatId: string, change: () => void, event: Record<string, unknown>): OutboxEvent {
    return this.db.transaction(() => {
      this.eventDepth += 1;
      try {
        change();
      } finally {
        this.eventDepth -= 1;
      }
      const recorded = this.insertEvent(chatId, event, (id) => `desk-${id}`);
      if (this.queueRefreshPending) this.sendQueueStandings();
      return recorded;
    })();
  }

  private insertEvent(chatId: string, event: Record<string, unknown>, eventIdOf: (rowId: number) => string): OutboxEvent {
    const chat = this.chat(chatId)!;
    const body = { eventId: '', chatId, handoffId: chat.handoffId, at: new Date().toISOString(), ...event };
    const id = Number(
      this.db.prepare('INSERT INTO outbox (chat_id, handoff_id, body_json) VALUES (?, ?, ?)').run(chatId, chat.handoffId, '{}').lastInsertRowid,
    );
    body.eventId = eventIdOf(id);
    this.db.prepare('UPDATE outbox SET body_json = ? WHERE id = ?').run(JSON.stringify(body), id);
    return { id, chatId, handoffId: chat.handoffId, body };
  }

  /** A queue changed: each chat still waiting whose place or expected wait moved gets a `queue.updated` (now, or after the action's event). */
  private queueChanged(): void {
    if (this.eventDepth > 0) this.queueRefreshPending = true;
    else this.sendQueueStandings();
  }

  /**
   * Records a `queue.updated` for every waiting chat whose standing moved enough since the last one
   * it was told (its creation's answer, or the last update; `worthTelling`), numbered per chat:
   * `<chatId>/queue/<n>`.
   * A direct chat has no handoff to tell; its standing is kept all the same.
   */
  private sendQueueStandings(): void {
    this.queueRefreshPending = false;
    let recorded = 0;
    this.db.transaction(() => {
      const waiting = this.db.prepare(`SELECT * FROM chats WHERE status = 'queued' ORDER BY queue, ${QUEUE_ORDER}`).all() as ChatRecord[];
      const places = new Map<string, number>();
      for (const chat of waiting) {
        const position = (places.get(chat.queue) ?? 0) + 1;
        places.set(chat.queue, position);
        const standing = this.standingAt(chat.queue, position);
        const estimate = standing.estimatedWaitSeconds ?? null;
        if (!worthTelling({ position: chat.sent_position, estimate: chat.sent_estimate }, { position, estimate })) continue;
        const n = chat.queue_updates + 1;
        this.db.prepare('UPDATE chats SET sent_position = ?, sent_estimate = ?, queue_updates = ? WHERE chat_id = ?').run(position, estimate, n, chat.chat_id);
        if (chat.mode === 'direct') continue;
        this.insertEvent(chat.chat_id, { type: 'queue.updated', queue: { name: chat.queue, ...standing } }, () => `${chat.chat_id}/queue/${n}`);
        recorded += 1;
      }
    })();
    // After the transaction that holds them, so the outbox reads them committed.
    if (recorded > 0) queueMicrotask(() => this.eventsRecorded());
  }

  accept(chatId: string, agentName: string, now = new Date()): void {
    this.db.transaction(() => {
      const chat = this.chat(chatId);
      // The first accept stays: time to agent counts from the user's arrival to the first agent, whatever transfers follow.
      this.db
        .prepare("UPDATE chats SET status = 'active', agent_name = ?, accepted_at = COALESCE(accepted_at, ?) WHERE chat_id = ?")
        .run(agentName, now.toISOString(), chatId);
      if (chat?.status === 'queued') {
        this.db
          .prepare('INSERT INTO queue_waits (queue, wait_ms, at) VALUES (?, ?, ?)')
          .run(chat.queue, Math.max(0, now.getTime() - Date.parse(chat.queuedAt)), now.toISOString());
        this.queueChanged();
      }
    })();
    this.onChange({ type: 'chat', chatId });
  }

  /** Puts the chat back in a queue (its agent cleared), last in it. */
  transferToQueue(chatId: string, queue: string, now = new Date()): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE chats SET status = 'queued', queue = ?, agent_name = NULL, queued_at = ?, sent_position = NULL, sent_estimate = NULL WHERE chat_id = ?",
        )
        .run(queue, now.toISOString(), chatId);
      this.seeQueue(queue, now);
      this.queueChanged();
    })();
    this.onChange({ type: 'chat', chatId });
  }

  /** Hands the chat to `agentName`: a waiting chat is accepted for them, an active one changes hands. */
  transferToAgent(chatId: string, agentName: string, now = new Date()): void {
    if (this.chat(chatId)?.status === 'queued') return this.accept(chatId, agentName, now);
    this.db.prepare('UPDATE chats SET agent_name = ? WHERE chat_id = ?').run(agentName, chatId);
    this.onChange({ type: 'chat', chatId });
  }

  /** `reason` says why it ended, for the supervisor view: `agent-closed`, `user-left`, or Handoff's reason. */
  closeChat(chatId: string, reason: string, now = new Date()): void {
    this.db.transaction(() => {
      const wasQueued = this.chat(chatId)?.status === 'queued';
      this.db.prepare("UPDATE chats SET status = 'closed', closed_at = ?, end_reason = ? WHERE chat_id = ?").run(now.toISOString(), reason, chatId);
      if (wasQueued) this.queueChanged();
    })();
    this.onChange({ type: 'chat', chatId });
  }

  /** Keeps the user's rating of a chat (the survey of system.md), and their comment; returns false when there is no such chat. */
  rateChat(chatId: string, rating: 1 | 2 | 3 | 4 | 5, comment?: string): boolean {
    const changed = this.db.prepare('UPDATE chats SET rating = ?, rating_comment = ? WHERE chat_id = ?').run(rating, comment ?? null, chatId).changes > 0;
    if (changed) this.onChange({ type: 'chat', chatId });
    return changed;
  }

  /** How many chats wait for an agent now, and since when the first of them waits. */
  waitingNow(): { length: number; oldestSince?: string } {
    const row = this.db.prepare("SELECT COUNT(*) AS length, MIN(created_at) AS oldest FROM chats WHERE status = 'queued'").get() as {
      length: number;
      oldest: string | null;
    };
    return { length: row.length, ...(row.oldest !== null && { oldestSince: row.oldest }) };
  }

  /** The times and outcomes of the chats that arrived at or after `since`, oldest first: no names, no words. */
  chatTimesSince(since: Date): ChatTimes[] {
    const rows = this.db
      .prepare(
        `SELECT status, created_at, accepted_at, closed_at, end_reason, rating, (accepted_at IS NOT NULL OR agent_name IS NOT NULL) AS answered
         FROM chats WHERE created_at >= ? ORDER BY created_at, rowid`,
      )
      .all(since.toISOString()) as Array<
      Pick<ChatRecord, 'status' | 'created_at' | 'accepted_at' | 'closed_at' | 'end_reason' | 'rating'> & { answered: number }
    >;
    return rows.map((r) => ({
      status: r.status,
      createdAt: r.created_at,
      answered: r.answered === 1,
      ...(r.accepted_at !== null && { acceptedAt: r.accepted_at }),
      ...(r.closed_at !== null && { closedAt: r.closed_at }),
      ...(r.end_reason !== null && { endReason: r.end_reason }),
      ...(r.rating !== null && { rating: r.rating }),
    }));
  }

  pendingEvents(limit = 100): OutboxEvent[] {
    return this.outboxRows(this.db.prepare('SELECT id, chat_id, handoff_id, body_json FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?').all(limit));
  }

  /** Chats with undelivered events, the one waiting longest first. */
  chatsWithPendingEvents(limit = 100): string[] {
    const rows = this.db.prepare('SELECT chat_id FROM outbox WHERE delivered_at IS NULL GROUP BY chat_id ORDER BY MIN(id) LIMIT ?').all(limit);
    return (rows as Array<{ chat_id: string }>).map((r) => r.chat_id);
  }

  pendingEventsOf(chatId: string, limit = 100): OutboxEvent[] {
    return this.outboxRows(
      this.db
        .prepare('SELECT id, chat_id, handoff_id, body_json FROM outbox WHERE chat_id = ? AND delivered_at IS NULL ORDER BY id LIMIT ?')
        .all(chatId, limit),
    );
  }

  private outboxRows(rows: unknown[]): OutboxEvent[] {
    return (rows as Array<{ id: number; chat_id: string; handoff_id: string; body_json: string }>).map((r) => ({
      id: r.id,
      chatId: r.chat_id,
      handoffId: r.handoff_id,
      body: JSON.parse(r.body_json),
    }));
  }

  markDelivered(id: number, now = new Date()): void {
    this.db.prepare('UPDATE outbox SET delivered_at = ? WHERE id = ?').run(now.toISOString(), id);
  }

  /** Files a ticket once per correlation id; a repeated call returns the first ticket. */
  fileTicket(ticket: { correlationId: string; shortDescription: string; description: string; workNotes: string }, now = new Date()): TicketRow {
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT number FROM tickets WHERE correlation_id = ?').get(ticket.correlationId) as { number: string } | undefined;
      if (existing) return this.ticket(existing.number)!;
      const count = (this.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
      const number = `LOC${String(count + 1).padStart(7, '0')}`;
      this.db
        .prepare('INSERT INTO tickets (number, correlation_id, short_description, description, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(number, ticket.correlationId, ticket.shortDescription, ticket.description, now.toISOString());
      this.addWorkNote(number, 'filed', ticket.workNotes, now);
      return this.ticket(number)!;
    })();
  }

  /** Replaces a ticket's description (a model's summary arrived); returns false when the ticket does not exist. */
  setTicketDescription(number: string, description: string): boolean {
    const changed = this.db.prepare('UPDATE tickets SET description = ? WHERE number = ?').run(description, number).changes;
    if (changed > 0) this.onChange({ type: 'ticket', number });
    return changed > 0;
  }

  /** Replaces what the agent sees first on a chat (a model's summary arrived). */
  setSummary(chatId: string, summary: DeskSummary): void {
    this.db.prepare('UPDATE chats SET summary_json = ? WHERE chat_id = ?').run(JSON.stringify(summary), chatId);
    this.onChange({ type: 'chat', chatId });
  }

  /** Adds a work note once per key; returns false when the ticket does not exist. */
  addWorkNote(number: string, noteKey: string, text: string, now = new Date()): boolean {
    if (!this.db.prepare('SELECT 1 FROM tickets WHERE number = ?').get(number)) return false;
    const added = this.db
      .prepare('INSERT OR IGNORE INTO work_notes (ticket_number, note_key, text, at) VALUES (?, ?, ?, ?)')
      .run(number, noteKey, text, now.toISOString());
    if (added.changes > 0) this.onChange({ type: 'ticket', number });
    return true;
  }

  ticket(number: string): TicketRow | undefined {
    const row = this.db.prepare('SELECT * FROM tickets WHERE number = ?').get(number) as
      { number: string; short_description: string; description: string; created_at: string } | undefined;
    if (!row) return undefined;
    const notes = this.db.prepare('SELECT text, at FROM work_notes WHERE ticket_number = ? ORDER BY id').all(number) as TicketRow['workNotes'];
    return { number: row.number, shortDescription: row.short_description, description: row.description, workNotes: notes, createdAt: row.created_at };
  }

  tickets(): TicketRow[] {
    const numbers = this.db.prepare('SELECT number FROM tickets ORDER BY created_at DESC, number DESC').all() as Array<{ number: string }>;
    return numbers.map(({ number }) => this.ticket(number)!);
  }

  private insertMessage(chatId: string, from: MessageAuthor, text: string, now: Date, authorName?: string): void {
    this.db
      .prepare('INSERT INTO messages (chat_id, author, text, at, author_name) VALUES (?, ?, ?, ?, ?)')
      .run(chatId, from, text, now.toISOString(), authorName ?? null);
    this.onChange({ type: 'chat', chatId });
  }
}
