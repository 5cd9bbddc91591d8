/**
 * Signed-in agents. A session is a random token in the agent's cookie; the desk keeps only its
 * SHA-256, so a copy of the file signs nobody in. The table is made by agents.ts.
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { Agent } from './agents';

/** A working day: an agent signs in once per shift. */
export const AGENT_SESSION_TTL_MS = 12 * 60 * 60 * 1_000;

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export class AgentSessions {
  constructor(
    private readonly db: Database.Database,
    private readonly ttlMs = AGENT_SESSION_TTL_MS,
  ) {}

  /** Starts a session of `agentName`; the token goes into the cookie and nowhere else. */
  open(agentName: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM agent_sessions WHERE expires_at <= ?').run(now);
      this.db.prepare('INSERT INTO agent_sessions (token_hash, agent_name, expires_at) VALUES (?, ?, ?)').run(digest(token), agentName, expiresAt);
    })();
    return { token, expiresAt };
  }

  /** The agent whose unexpired session `token` is. */
  agentOf(token: string | undefined, now = Date.now()): Agent | undefined {
    if (!token) return undefined;
    return this.db
      .prepare('SELECT a.name, a.role FROM agent_sessions s JOIN agents a ON a.name = s.agent_name WHERE s.token_hash = ? AND s.expires_at > ?')
      .get(digest(token), now) as Agent | undefined;
  }

  close(token: string | undefined): void {
    if (token) this.db.prepare('DELETE FROM agent_sessions WHERE token_hash = ?').run(digest(token));
  }
}
