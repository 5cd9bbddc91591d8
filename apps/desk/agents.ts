/**
 * The people who may use the local desk's agent console, kept in the desk's SQLite file. Each has
 * a name, a password hash (password-hash.ts) and a role; a `supervisor` will also see the
 * supervisor view.
 */
import type Database from 'better-sqlite3';
import { AgentNameSchema, PasswordSchema } from '../../contracts/desk-agent';
import { decoyHash, hashPassword, passwordMatches } from './password-hash';

export type AgentRole = 'agent' | 'supervisor';

export interface Agent {
  name: string;
  role: AgentRole;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agents (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent_name TEXT NOT NULL REFERENCES agents(name) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
`;

/** What `save` did; a changed password signs the agent out everywhere. */
export type SavedAgent = Agent & { change: 'created' | 'updated'; sessionsEnded: boolean };

export class AgentDirectory {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /**
   * Creates the agent, or sets a new password (and the role, when given) of an existing one. A
   * changed password ends the agent's sessions.
   */
  async save(name: string, password: string, role?: AgentRole, now = new Date()): Promise<SavedAgent> {
    const agentName = AgentNameSchema.parse(name);
    PasswordSchema.parse(password);
    const existing = this.db.prepare('SELECT password_hash, role FROM agents WHERE name = ?').get(agentName) as
      { password_hash: string; role: AgentRole } | undefined;
    if (!existing) {
      const hash = await hashPassword(password);
      const created = role ?? 'agent';
      this.db
        .prepare('INSERT INTO agents (name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(agentName, hash, created, now.toISOString(), now.toISOString());
      return { name: agentName, role: created, change: 'created', sessionsEnded: false };
    }
    const samePassword = await passwordMatches(password, existing.password_hash);
    const kept = role ?? existing.role;
    if (!samePassword) {
      const hash = await hashPassword(password);
      this.db.transaction(() => {
        this.db.prepare('UPDATE agents SET password_hash = ?, updated_at = ? WHERE name = ?').run(hash, now.toISOString(), agentName);
        this.db.prepare('DELETE FROM agent_sessions WHERE agent_name = ?').run(agentName);
      })();
    }
    if (kept !== existing.role) this.db.prepare('UPDATE agents SET role = ?, updated_at = ? WHERE name = ?').run(kept, now.toISOString(), agentName);
    return { name: agentName, role: kept, change: 'updated', sessionsEnded: !samePassword };
  }

  /** The agent, when `password` is theirs; takes as long for an unknown name as for a wrong password. */
  async verify(name: string, password: string): Promise<Agent | undefined> {
    const row = this.db.prepare('SELECT name, role, password_hash FROM agents WHERE name = ?').get(name.trim()) as
      (Agent & { password_hash: string }) | undefined;
    const matches = await passwordMatches(password, row?.password_hash ?? (await decoyHash()));
    return row && matches ? { name: row.name, role: row.role } : undefined;
  }

  find(name: string): Agent | undefined {
    return this.db.prepare('SELECT name, role FROM agents WHERE name = ?').get(name) as Agent | undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n;
  }
}
