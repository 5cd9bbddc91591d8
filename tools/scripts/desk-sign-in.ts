/**
 * The desk's first agent, for `npm start`: on a first run with no agent (and no
 * `HANDOFF_DESK_AGENT`), `admin`, a supervisor, with a generated password kept in the secrets
 * file beside `npm start`'s other generated secrets. Answers the lines that tell how to sign in.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentDirectory } from '../../apps/desk/agents';
import { DESK_FILE_NAME, openDeskDatabase } from '../../apps/desk/database';

export const FIRST_AGENT = 'admin';
/** The first agent's password's key in the secrets file. */
export const FIRST_AGENT_PASSWORD_KEY = 'HANDOFF_DESK_ADMIN_PASSWORD';

export interface DeskSignInOptions {
  dataDir: string;
  /** `npm start`'s secrets file (JSON, 0600). */
  secretsFile: string;
  /** `HANDOFF_DESK_AGENT`, already checked by the settings. */
  deskAgent?: string;
  /** Whether the generated password may be shown (a person at a terminal, not a log). */
  showPassword: boolean;
}

export async function prepareDeskSignIn({ dataDir, secretsFile, deskAgent, showPassword }: DeskSignInOptions): Promise<string> {
  if (deskAgent) return `agent ${deskAgent.slice(0, deskAgent.indexOf(':'))}, from HANDOFF_DESK_AGENT`;
  const db = openDeskDatabase(path.join(dataDir, DESK_FILE_NAME));
  try {
    const agents = new AgentDirectory(db);
    const kept = readSecrets(secretsFile)[FIRST_AGENT_PASSWORD_KEY];
    if (agents.count() === 0) {
      const password = randomBytes(18).toString('base64url');
      // Kept first: an agent whose password was lost would need `npm run desk` to get in.
      writeSecret(secretsFile, FIRST_AGENT_PASSWORD_KEY, password);
      await agents.save(FIRST_AGENT, password, 'supervisor');
      const shown = showPassword ? `, password ${password}` : '';
      return `${FIRST_AGENT}${shown} (created now; the password is ${FIRST_AGENT_PASSWORD_KEY} in ${secretsFile}; more agents: npm run desk -- add-agent <name>)`;
    }
    if (agents.find(FIRST_AGENT) && typeof kept === 'string') return `${FIRST_AGENT}, password: ${FIRST_AGENT_PASSWORD_KEY} in ${secretsFile}`;
    return `the desk's agents (${agents.count()}); add one: npm run desk -- add-agent <name>`;
  } finally {
    db.close();
  }
}

function readSecrets(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? (saved as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function writeSecret(file: string, key: string, value: string): void {
  writeFileSync(file, `${JSON.stringify({ ...readSecrets(file), [key]: value }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
