/**
 * The chats' columns the supervisor view counts: when an agent accepted (`accepted_at`), why the
 * chat ended (`end_reason`) and the user's rating (`rating`). Files made before them get the
 * columns, filled as far as the desk's own notices in each chat tell.
 */
import type Database from 'better-sqlite3';

/** The notices the desk wrote when a chat ended, and the reason each one stands for. */
const END_NOTICES: Array<[RegExp, (match: RegExpMatchArray) => string]> = [
  [/ closed the chat$/, () => 'agent-closed'],
  [/ left the chat$/, () => 'user-left'],
  [/^The user left \(user-left\)$/, () => 'user-left'],
  [/^An operator cancelled the handoff/, () => 'operator'],
  [/^The handoff was stopped from outside \((.+)\); the chat has ended$/, (m) => m[1]!],
  [/^The chat has ended \((.+)\)$/, (m) => m[1]!],
];

/** The reason a desk's end notice stands for, if it is one. */
function reasonOfEndNotice(text: string): string | undefined {
  for (const [pattern, reason] of END_NOTICES) {
    const match = text.match(pattern);
    if (match) return reason(match);
  }
  return undefined;
}

/**
 * Adds the columns when missing, in one immediate transaction: the API and `npm run desk` may
 * open an older file at the same moment, and only one of them may add the columns.
 */
export function addChatOutcomeColumns(db: Database.Database): void {
  db.transaction(() => {
    const columns = db.prepare('PRAGMA table_info(chats)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'accepted_at')) {
      db.exec(`
        ALTER TABLE chats ADD COLUMN accepted_at TEXT;
        ALTER TABLE chats ADD COLUMN end_reason TEXT;
        ALTER TABLE chats ADD COLUMN rating INTEGER;
      `);
      fillFromNotices(db);
    }
    db.exec('CREATE INDEX IF NOT EXISTS chats_created_at ON chats (created_at)');
  }).immediate();
}

/** An accepted chat has a "<agent> joined" notice; a closed one ends with a notice of why. */
function fillFromNotices(db: Database.Database): void {
  db.exec(`
    UPDATE chats SET accepted_at = (
      SELECT MIN(m.at) FROM messages m WHERE m.chat_id = chats.chat_id AND m.author = 'system' AND m.text = chats.agent_name || ' joined'
    ) WHERE agent_name IS NOT NULL
  `);
  const closed = db
    .prepare(
      `SELECT c.chat_id, (SELECT m.text FROM messages m WHERE m.chat_id = c.chat_id AND m.author = 'system' ORDER BY m.id DESC LIMIT 1) AS notice
       FROM chats c WHERE c.status = 'closed'`,
    )
    .all() as Array<{ chat_id: string; notice: string | null }>;
  const setReason = db.prepare('UPDATE chats SET end_reason = ? WHERE chat_id = ?');
  for (const { chat_id, notice } of closed) {
    const reason = notice === null ? undefined : reasonOfEndNotice(notice);
    if (reason !== undefined) setReason.run(reason, chat_id);
  }
}
