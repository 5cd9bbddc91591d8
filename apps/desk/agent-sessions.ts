/**
 * Signed-in agents. A session is a random token in the agent's cookie; the desk keeps only its
 * SHA-256, so a copy of the file signs nobody in. The table is made by agents.ts. Each agent also
 * has a presence, `available` or `away`, set on the desk page; a new sign-in makes them available.
 * An agent counts as available to Handoff while they have an unexpired session and are available.
 */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { Agent } from './agents';

/** A working day: an agent signs in once per shift. */
export const AGENT_SESSION_TTL_MS = 12 * 60 * 60 * 1_000;

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export type Presence = 'available' | 'away';

/** An agent as the desk's transfer list shows them. */
export interface AgentPresence {
  name: string;
  role: Agent['role'];
  presence: Presence;
  signedIn: boolean;
}

const PRESENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS agent_presence (
  agent_name TEXT PRIMARY KEY REFERENCES agents(name) ON DELETE CASCADE,
  presence TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
`;

export class AgentSessions {
  constructor(
    private readonly db: Database.Database,
    private readonly ttlMs = AGENT_SESSION_TTL_MS,
  ) {
    db.exec(PRESENCE_SCHEMA);
  }

  /** Starts a session of `agentName`; the token goes into the cookie and nowhere else. */
  open(agentName: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM agent_sessions WHERE expires_at <= ?').run(now);
      this.db.prepare('INSERT INTO agent_sessions (token_hash, agent_name, expires_at) VALUES (?, ?, ?)').run(digest(token), agentName, expiresAt);
      this.setPresence(agentName, 'available', now);
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

  /** What the agent set on the desk page; `available` until they set anything. */
  presenceOf(agentName: string): Presence {
    const row = this.db.prepare('SELECT presence FROM agent_presence WHERE agent_name = ?').get(agentName) as { presence: Presence } | undefined;
    return row?.presence ?? 'available';
  }

  setPresence(agentName: string, presence: Presence, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO agent_presence (agent_name, presence, changed_at) VALUES (?, ?, ?)
         ON CONFLICT (agent_name) DO UPDATE SET presence = excluded.presence, changed_at = excluded.changed_at`,
      )
      .run(agentName, presence, new Date(now).toISOString());
  }

  /** Agents with an unexpired session, and those of them whose presence is `available`. */
  counts(now = Date.now()): { signedIn: number; available: number } {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS signedIn, COALESCE(SUM(COALESCE(p.presence, 'available') = 'available'), 0) AS available
         FROM (SELECT DISTINCT agent_name FROM agent_sessions WHERE expires_at > ?) s
         LEFT JOIN agent_presence p ON p.agent_name = s.agent_name`,
      )
      .get(now) as { signedIn: number; available: number };
  }

  /** Every agent, with their presence and whether they are signed in now, by name. */
  everyone(now = Date.now()): AgentPresence[] {
    const rows = this.db
      .prepare(
        `SELECT a.name, a.role, COALESCE(p.presence, 'available') AS presence,
                EXISTS (SELECT 1 FROM agent_sessions s WHERE s.agent_name = a.name AND s.expires_at > ?) AS signedIn
         FROM agents a LEFT JOIN agent_presence p ON p.agent_name = a.name ORDER BY a.name`,
      )
      .all(now) as Array<Omit<AgentPresence, 'signedIn'> & { signedIn: number }>;
    return rows.map((r) => ({ ...r, signedIn: r.signedIn === 1 }));
  }
}
