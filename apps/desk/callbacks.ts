/**
 * The desk's callback list: users who asked to be called back (a handoff's fallback `callback`),
 * kept once per handoff chain (the connector's idempotency key) until an agent marks the call done.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

export interface CallbackRow {
  id: string;
  handoffId: string;
  phone: string;
  /** When the user would like the call, in their words. */
  when?: string;
  note?: string;
  user: { id: string; name?: string; email?: string; department?: string };
  ticketNumber?: string;
  createdAt: string;
  doneAt?: string;
  doneBy?: string;
}

export interface NewCallback {
  idempotencyKey: string;
  handoffId: string;
  phone: string;
  when?: string;
  note?: string;
  user: CallbackRow['user'];
  ticketNumber?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS callbacks (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  handoff_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  when_text TEXT,
  note TEXT,
  user_json TEXT NOT NULL,
  ticket_number TEXT,
  created_at TEXT NOT NULL,
  done_at TEXT,
  done_by TEXT
);
`;

interface CallbackRecord {
  id: string;
  handoff_id: string;
  phone: string;
  when_text: string | null;
  note: string | null;
  user_json: string;
  ticket_number: string | null;
  created_at: string;
  done_at: string | null;
  done_by: string | null;
}

function toCallback(r: CallbackRecord): CallbackRow {
  return {
    id: r.id,
    handoffId: r.handoff_id,
    phone: r.phone,
    ...(r.when_text !== null && { when: r.when_text }),
    ...(r.note !== null && { note: r.note }),
    user: JSON.parse(r.user_json),
    ...(r.ticket_number !== null && { ticketNumber: r.ticket_number }),
    createdAt: r.created_at,
    ...(r.done_at !== null && { doneAt: r.done_at }),
    ...(r.done_by !== null && { doneBy: r.done_by }),
  };
}

export class CallbackList {
  constructor(
    private readonly db: Database.Database,
    private readonly changed: () => void,
  ) {
    db.exec(SCHEMA);
  }

  /** Adds the callback once per idempotency key; a repeated call answers the first one (`created: false`). */
  add(callback: NewCallback, now = new Date()): { callback: CallbackRow; created: boolean } {
    const result = this.db.transaction(() => {
      const existing = this.db.prepare('SELECT * FROM callbacks WHERE idempotency_key = ?').get(callback.idempotencyKey) as CallbackRecord | undefined;
      if (existing) return { callback: toCallback(existing), created: false };
      const id = randomUUID();
      this.db
        .prepare(
          `INSERT INTO callbacks (id, idempotency_key, handoff_id, phone, when_text, note, user_json, ticket_number, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          callback.idempotencyKey,
          callback.handoffId,
          callback.phone,
          callback.when ?? null,
          callback.note ?? null,
          JSON.stringify(callback.user),
          callback.ticketNumber ?? null,
          now.toISOString(),
        );
      return { callback: this.find(id)!, created: true };
    })();
    if (result.created) this.changed();
    return result;
  }

  find(id: string): CallbackRow | undefined {
    const row = this.db.prepare('SELECT * FROM callbacks WHERE id = ?').get(id) as CallbackRecord | undefined;
    return row && toCallback(row);
  }

  /** The calls still to make, oldest first, then the last 50 made, latest first. */
  list(): CallbackRow[] {
    const open = this.db.prepare('SELECT * FROM callbacks WHERE done_at IS NULL ORDER BY created_at, rowid').all() as CallbackRecord[];
    const done = this.db.prepare('SELECT * FROM callbacks WHERE done_at IS NOT NULL ORDER BY done_at DESC LIMIT 50').all() as CallbackRecord[];
    return [...open, ...done].map(toCallback);
  }

  /** Marks the call made (once: a second call keeps the first time and agent); undefined when there is no such callback. */
  markDone(id: string, agentName: string, now = new Date()): CallbackRow | undefined {
    const changed = this.db
      .prepare('UPDATE callbacks SET done_at = ?, done_by = ? WHERE id = ? AND done_at IS NULL')
      .run(now.toISOString(), agentName, id).changes;
    if (changed > 0) this.changed();
    return this.find(id);
  }
}
