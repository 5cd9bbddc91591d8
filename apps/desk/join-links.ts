/**
 * The user's way into a desk chat. A join link carries a token that works once, within a short
 * time: its first use trades it for a visitor session bound to that chat (a cookie), so a link
 * copied from a log, a browser history or a forwarded message opens nothing. Only SHA-256 digests
 * of tokens are kept.
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { secretsMatch } from '../../lib/secret-compare';

/** @default 10 minutes: time enough to click the link the bot shows. */
export const DEFAULT_JOIN_LINK_TTL_MS = 10 * 60 * 1_000;
/** A visitor session lasts as long as a chat can. */
const VISITOR_SESSION_TTL_MS = 24 * 60 * 60 * 1_000;

export type Redemption = 'redeemed' | 'used' | 'expired' | 'invalid';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS join_links (
  chat_id TEXT PRIMARY KEY REFERENCES chats(chat_id),
  token_hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS visitor_sessions (
  token_hash TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL REFERENCES chats(chat_id),
  expires_at INTEGER NOT NULL
);
`;

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = () => randomBytes(24).toString('base64url');

export class JoinLinks {
  constructor(
    private readonly db: Database.Database,
    private readonly ttlMs = DEFAULT_JOIN_LINK_TTL_MS,
  ) {
    db.exec(SCHEMA);
  }

  /** A new token for the chat's link; an earlier one of the chat stops working. */
  issue(chatId: string, now = Date.now()): string {
    const token = newToken();
    this.db
      .prepare(
        `INSERT INTO join_links (chat_id, token_hash, expires_at, used_at) VALUES (?, ?, ?, NULL)
         ON CONFLICT (chat_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at, used_at = NULL`,
      )
      .run(chatId, digest(token), now + this.ttlMs);
    return token;
  }

  /** Uses the link's token up: `redeemed` once, `used` ever after. */
  redeem(chatId: string, token: string, now = Date.now()): Redemption {
    const link = this.db.prepare('SELECT token_hash, expires_at, used_at FROM join_links WHERE chat_id = ?').get(chatId) as
      { token_hash: string; expires_at: number; used_at: number | null } | undefined;
    if (!link || !secretsMatch(digest(token), link.token_hash)) return 'invalid';
    if (link.used_at !== null) return 'used';
    if (link.expires_at <= now) return 'expired';
    const taken = this.db.prepare('UPDATE join_links SET used_at = ? WHERE chat_id = ? AND used_at IS NULL').run(now, chatId);
    return taken.changes === 1 ? 'redeemed' : 'used';
  }

  /** A session of the user on this chat only; the token goes into their cookie. */
  openVisitorSession(chatId: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = newToken();
    const expiresAt = now + VISITOR_SESSION_TTL_MS;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM visitor_sessions WHERE expires_at <= ?').run(now);
      this.db.prepare('INSERT INTO visitor_sessions (token_hash, chat_id, expires_at) VALUES (?, ?, ?)').run(digest(token), chatId, expiresAt);
    })();
    return { token, expiresAt };
  }

  /** Whether `token` is an unexpired visitor session of this chat. */
  admits(chatId: string, token: string | undefined, now = Date.now()): boolean {
    if (!token) return false;
    return (
      this.db.prepare('SELECT 1 FROM visitor_sessions WHERE token_hash = ? AND chat_id = ? AND expires_at > ?').get(digest(token), chatId, now) !== undefined
    );
  }
}
