import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, PROJECT_ROOT, SettingsSchema } from '../../config/settings';
import { AgentDirectory } from '../../apps/desk/agents';
import { DESK_FILE_NAME, openDeskDatabase } from '../../apps/desk/database';
import { DeskStore } from '../../apps/desk/store';
import { createLocalDesk } from '../../apps/desk';
import { FIRST_AGENT_PASSWORD_KEY, prepareDeskSignIn } from '../../tools/scripts/desk-sign-in';

const folders: string[] = [];
function freshFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'desk-agents-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const mode = (file: string) => statSync(file).mode & 0o777;

/** Runs `npm run desk -- <args>` with `input` on its standard input (a pipe, not a terminal). */
function deskCommand(args: string[], input: string, dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'desk', '--', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, HANDOFF_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("the desk's file", () => {
  it('is created 0600 in a 0700 folder, and an older, wider file is narrowed', () => {
    const folder = path.join(freshFolder(), 'data');
    const file = path.join(folder, DESK_FILE_NAME);
    const store = new DeskStore(file);
    store.createChat({ idempotencyKey: 'k', handoffId: 'h', mode: 'api', queue: 'General', user: { id: 'u' }, lastUtterance: 'hi', context: [] });
    expect(mode(folder)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    store.close();

    chmodSync(file, 0o644);
    new DeskStore(file).close();
    expect(mode(file)).toBe(0o600);
  });

  it('forgets the plain-text join tokens of a file from before join links were single-use', () => {
    const file = path.join(freshFolder(), DESK_FILE_NAME);
    new DeskStore(file).createChat({ idempotencyKey: 'k', handoffId: 'h', mode: 'api', queue: 'General', user: { id: 'u' }, lastUtterance: 'hi', context: [] });
    const old = new Database(file);
    old.prepare("UPDATE chats SET join_token = 'plain-old-token'").run();
    old.close();
    new DeskStore(file).close();
    const reopened = new Database(file);
    expect(reopened.prepare('SELECT join_token FROM chats').all()).toEqual([{ join_token: '' }]);
    reopened.close();
  });
});

describe('agents', () => {
  it('are kept with a salted scrypt hash that carries its parameters', async () => {
    const db = openDeskDatabase(path.join(freshFolder(), DESK_FILE_NAME));
    const agents = new AgentDirectory(db);
    await agents.save('Grace', 'the same long password');
    await agents.save('Ken', 'the same long password');
    const hashes = db.prepare('SELECT password_hash FROM agents ORDER BY name').all() as Array<{ password_hash: string }>;
    for (const { password_hash: hash } of hashes) expect(hash).toMatch(/^scrypt\$65536\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hashes[0]!.password_hash).not.toBe(hashes[1]!.password_hash);
    expect(await agents.verify('Grace', 'the same long password')).toEqual({ name: 'Grace', role: 'agent' });
    expect(await agents.verify('Grace', 'another password')).toBeUndefined();
    await expect(agents.save('Ada', 'short')).rejects.toThrow('a password has at least 12 characters');
    db.close();
  });

  it('HANDOFF_DESK_AGENT creates the agent at start-up, then sets its new password on a later start', async () => {
    const dataDir = freshFolder();
    const start = async (deskAgent: string) => {
      const agent = SettingsSchema.shape.HANDOFF_DESK_AGENT.parse(deskAgent);
      const logged: string[] = [];
      const desk = createLocalDesk({
        filename: path.join(dataDir, DESK_FILE_NAME),
        secret: 'x'.repeat(16),
        webhookUrl: () => 'http://127.0.0.1:9/v1/webhooks/local-desk',
        deskUrl: () => 'http://127.0.0.1:9/desk',
        publicUrl: 'http://localhost:3000',
        agent,
        log: (message) => logged.push(message),
      });
      await desk.ready;
      return { desk, logged };
    };
    const first = await start('Grace:first long password');
    expect(first.logged).toEqual(['desk: agent Grace created from HANDOFF_DESK_AGENT']);
    expect(await first.desk.store.agents.verify('Grace', 'first long password')).toEqual({ name: 'Grace', role: 'agent' });
    const session = first.desk.store.agentSessions.open('Grace');
    first.desk.close();

    const second = await start('Grace:a second long password: with a colon');
    expect(second.logged).toEqual(['desk: agent Grace updated from HANDOFF_DESK_AGENT']);
    expect(await second.desk.store.agents.verify('Grace', 'first long password')).toBeUndefined();
    expect(await second.desk.store.agents.verify('Grace', 'a second long password: with a colon')).toEqual({ name: 'Grace', role: 'agent' });
    // A new password ends the sessions opened with the old one.
    expect(second.desk.store.agentSessions.agentOf(session.token)).toBeUndefined();
    second.desk.close();
  });

  it('HANDOFF_DESK_AGENT is checked with the other settings, its password never repeated', () => {
    const base = { HANDOFF_API_TOKEN: 'x'.repeat(16), HANDOFF_CALLBACK_SECRET: 'x'.repeat(16), LOCAL_DESK_SECRET: 'x'.repeat(16) };
    expect(() => loadSettings({ ...base, HANDOFF_DESK_AGENT: 'Grace' })).toThrow('HANDOFF_DESK_AGENT: must be name:password (from the environment variable)');
    expect(() => loadSettings({ ...base, HANDOFF_DESK_AGENT: 'Grace:secret1' })).toThrow(
      'HANDOFF_DESK_AGENT: a password has at least 12 characters (from the environment variable)',
    );
    expect(() => loadSettings({ ...base, HANDOFF_DESK_AGENT: ':a long enough password' })).toThrow('HANDOFF_DESK_AGENT: an agent name is required');
    try {
      loadSettings({ ...base, HANDOFF_DESK_AGENT: 'Grace:secret1' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret1');
    }
  });
});

describe('npm run desk -- add-agent', () => {
  it('adds an agent with the password piped to it, and gives an existing one a new password and role', async () => {
    const dataDir = freshFolder();
    const added = await deskCommand(['add-agent', 'Grace'], 'a piped long password\n', dataDir);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('desk: agent Grace created (agent)');
    const updated = await deskCommand(['add-agent', 'Grace', '--supervisor'], 'a newer long password\n', dataDir);
    expect(updated.stdout).toContain('desk: agent Grace updated (supervisor); their sessions were ended');

    const store = new DeskStore(path.join(dataDir, DESK_FILE_NAME));
    expect(await store.agents.verify('Grace', 'a newer long password')).toEqual({ name: 'Grace', role: 'supervisor' });
    store.close();
    expect(mode(path.join(dataDir, DESK_FILE_NAME))).toBe(0o600);
  });

  it('says what is wrong without a stack trace, and exits 2', async () => {
    const dataDir = freshFolder();
    const short = await deskCommand(['add-agent', 'Grace'], 'short\n', dataDir);
    expect(short).toMatchObject({ code: 2, stdout: '', stderr: 'desk: a password has at least 12 characters\n' });
    const unknown = await deskCommand(['add-agents', 'Grace'], '', dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^desk: unknown command "add-agents"\nusage: npm run desk -- add-agent <name> \[--supervisor\]/);
    const twoNames = await deskCommand(['add-agent', 'Grace', 'Hopper'], 'a long enough password\n', dataDir);
    expect(twoNames.stderr).toContain('add-agent takes one name (quote a name with spaces: "Grace Hopper")');
    for (const answer of [short, unknown, twoNames]) expect(answer.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("npm start's first desk agent", () => {
  it('is admin, a supervisor, with a generated password kept in the 0600 secrets file; a later start says where it is', async () => {
    const dataDir = freshFolder();
    const secretsFile = path.join(dataDir, 'generated-secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ HANDOFF_API_TOKEN: 'kept-token-of-npm-start' }), { mode: 0o644 });
    const first = await prepareDeskSignIn({ dataDir, secretsFile, showPassword: false });
    const saved = JSON.parse(readFileSync(secretsFile, 'utf8'));
    const password = saved[FIRST_AGENT_PASSWORD_KEY] as string;
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(saved.HANDOFF_API_TOKEN).toBe('kept-token-of-npm-start');
    expect(mode(secretsFile)).toBe(0o600);
    expect(first).toBe(`admin (created now; the password is ${FIRST_AGENT_PASSWORD_KEY} in ${secretsFile}; more agents: npm run desk -- add-agent <name>)`);
    expect(first).not.toContain(password);

    const store = new DeskStore(path.join(dataDir, DESK_FILE_NAME));
    expect(await store.agents.verify('admin', password)).toEqual({ name: 'admin', role: 'supervisor' });
    store.close();

    const later = await prepareDeskSignIn({ dataDir, secretsFile, showPassword: true });
    expect(later).toBe(`admin, password: ${FIRST_AGENT_PASSWORD_KEY} in ${secretsFile}`);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))[FIRST_AGENT_PASSWORD_KEY]).toBe(password);
  });

  it('is not made when HANDOFF_DESK_AGENT names one', async () => {
    const dataDir = freshFolder();
    const said = await prepareDeskSignIn({ dataDir, secretsFile: path.join(dataDir, 's.json'), deskAgent: 'Grace:a long enough password', showPassword: true });
    expect(said).toBe('agent Grace, from HANDOFF_DESK_AGENT');
    const store = new DeskStore(path.join(dataDir, DESK_FILE_NAME));
    expect(store.agents.count()).toBe(0);
    store.close();
  });
});
