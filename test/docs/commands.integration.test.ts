/**
 * The commands the README and `deploy/` give a person, run as written against Handoff started as
 * the sample systemd unit starts it (its ExecStart, on ports of this test's own): the table of
 * addresses it prints, the curl walk-through, `npm run temporal`, and SIGTERM to its one pid.
 * One start serves them all: a start costs half a minute.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddressTable } from '../../tools/scripts/address-table';
import { portFree } from '../../tools/scripts/ports';
import { stopBoundMs } from '../../tools/scripts/supervisor';
import { PROJECT_ROOT } from '../../tools/scripts/temporal-cli.mjs';
import { README_PATH } from '../support/doc-pages';
import { eventually } from '../support/stack';
import { cleanEnvironment, descendantsOf, freePorts, isRunning, runScript, STACK_LINE, type ScriptRun } from '../start/run-script';

const START_TIMEOUT_MS = 150_000;
const UNIT_PATH = path.join(PROJECT_ROOT, 'deploy', 'systemd', 'handoff.service');
/** npm start's children: the Temporal dev server, the worker and the API. */
const CHILDREN = 3;

const readme = readFileSync(README_PATH, 'utf8');
const unit = readFileSync(UNIT_PATH, 'utf8');
let dir: string;
let dataDir: string;
let start: ScriptRun;
let ports: { temporal: number; ui: number; api: number; workerMetrics: number };

/** What the unit sets, `Key=value` per line. */
function unitSetting(key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];
}

beforeAll(async () => {
  // The unit runs Node on start.ts directly, as runScript does: no npm in between.
  expect(unitSetting('ExecStart')).toMatch(/^\/\S*node --import tsx tools\/scripts\/start\.ts$/);
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-commands-'));
  dataDir = path.join(dir, 'data');
  const [temporal, ui, api, workerMetrics] = await freePorts(4);
  ports = { temporal: temporal!, ui: ui!, api: api!, workerMetrics: workerMetrics! };
  start = runScript('tools/scripts/start.ts', {
    HANDOFF_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    PORT: String(ports.api),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
  });
  await start.waitFor(/Handoff is running\./, START_TIMEOUT_MS);
}, START_TIMEOUT_MS + 10_000);

afterAll(() => {
  start?.cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

/** The fenced block right after a heading of the README (its first one). */
function shellBlockUnder(heading: string): string {
  const section = readme.indexOf(`\n${heading}\n`);
  expect(section, heading).toBeGreaterThan(0);
  const open = readme.indexOf('```sh\n', section);
  expect(open, `a sh block under ${heading}`).toBeGreaterThan(0);
  expect(readme.slice(section + 1, open), 'the block comes before the next heading').not.toMatch(/\n#{2,3} /);
  return readme.slice(open + '```sh\n'.length, readme.indexOf('```\n', open + 1));
}

/** The environment of a person who runs npm start with the test's ports and data folder, and then the README's commands. */
function personsEnvironment(): NodeJS.ProcessEnv {
  return { ...cleanEnvironment(), PORT: String(ports.api), TEMPORAL_PORT: String(ports.temporal), HANDOFF_DATA_DIR: dataDir };
}

interface Answered {
  /** As written, before expansion. */
  command: string;
  /** What it printed. */
  answer: string;
}

/**
 * Runs a block with bash as a person pastes it (in one shell), and answers what each command
 * printed: a DEBUG trap marks each top-level command before it runs (not those in a function or a
 * `$(...)`). A command run again (in a loop) keeps its first answer.
 */
function runPasted(block: string, cwd: string): Promise<{ code: number | null; answered: Answered[]; stderr: string }> {
  const script = `set -e\ntrap 'printf "\\n@@>%s<@@\\n" "$BASH_COMMAND"' DEBUG\n${block}`;
  return new Promise((resolve) => {
    const bash = execFile('bash', ['-s'], { cwd, env: personsEnvironment(), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const answered: Answered[] = [];
      const parts = stdout.split(/\n@@>([\s\S]*?)<@@\n/);
      for (let index = 1; index < parts.length; index += 2) {
        const command = parts[index]!;
        if (!answered.some((seen) => seen.command === command)) answered.push({ command, answer: parts[index + 1]!.trim() });
      }
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, answered, stderr });
    });
    bash.stdin!.end(script);
  });
}

/** The local desk's tickets, as the agent `admin` of the walk-through sees them. */
async function deskTickets(): Promise<Array<{ number: string; workNotes: Array<{ text: string }> }>> {
  const secrets = JSON.parse(readFileSync(path.join(dataDir, 'generated-secrets.json'), 'utf8')) as Record<string, string>;
  const desk = `http://127.0.0.1:${ports.api}/desk/api`;
  const session = await fetch(`${desk}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: secrets.HANDOFF_DESK_ADMIN_PASSWORD }),
  });
  const cookie = session.headers.getSetCookie()[0]!.split(';')[0]!;
  return (await (await fetch(`${desk}/tickets`, { headers: { cookie } })).json()) as Array<{ number: string; workNotes: Array<{ text: string }> }>;
}

const json = (answer: string): any => JSON.parse(answer);

describe('the table of addresses npm start prints', () => {
  it('has a row for each address it serves, each one answering, and the README lists the rows it prints', async () => {
    const output = start.output();
    const printed = output.slice(output.indexOf('Handoff is running.\n'), output.indexOf('Press Ctrl-C'));
    const rows = parseAddressTable(printed);
    const where = (what: string) => rows.find((row) => row.what === what);

    expect(where('API')?.where).toBe(`http://localhost:${ports.api}`);
    expect(where('worker metrics')?.where).toBe(`http://127.0.0.1:${ports.workerMetrics}/metrics`);
    expect(where('Temporal')?.where).toBe(`127.0.0.1:${ports.temporal}`);
    expect(where('Temporal UI')?.where).toBe(`http://localhost:${ports.ui}`);
    expect(where('data folder')?.where).toBe(dataDir);
    const health = await fetch(where('health')!.where);
    expect(await health.json()).toEqual({ status: 'ok' });
    const readiness = /\/readyz$/.exec(where('health')!.note ?? '') ? where('health')!.note!.split(' ').at(-1)! : '';
    expect(await (await fetch(readiness)).json()).toEqual({ status: 'ready' });
    expect(await (await fetch(where('worker metrics')!.where)).text()).toMatch(/^temporal_worker_task_slots_available/m);
    expect(await (await fetch(where('metrics')!.where)).text()).toMatch(/^# TYPE handoff_webhook_rejected_total counter$/m);

    const table = readme.slice(readme.indexOf('`npm start` prints where everything is:'), readme.indexOf('Everything listens on 127.0.0.1 only'));
    const documented = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
    expect(documented).toEqual(rows.map((row) => row.what));
  });
});

describe("the README's curl walk-through", () => {
  it('answers each command as the README says, pasted into bash as it is', async () => {
    const block = shellBlockUnder('## Try every mode with curl');
    const { code, answered, stderr } = await runPasted(block, dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);

    const curls = answered.filter(({ command }) => command.startsWith('curl '));
    const answerTo = (pattern: RegExp): string => {
      const found = curls.filter(({ command }) => pattern.test(command));
      expect(found, `one command matches ${pattern}`).toHaveLength(1);
      return found[0]!.answer;
    };
    // Every top-level curl of the block is checked below; a new one needs its check.
    const checked: RegExp[] = [];
    const check = (pattern: RegExp, assertion: (answer: string) => void) => {
      checked.push(pattern);
      assertion(answerTo(pattern));
    };

    check(/\/desk\/api\/session/, (answer) => expect(answer).toBe(''));
    check(/\$API\/v1\/handoffs -d '\{\n/, (answer) =>
      expect(json(answer)).toMatchObject({
        profile: 'default',
        mode: 'broker',
        status: 'queued',
        queue: { name: 'General', position: 1 },
        ticket: { number: expect.any(String) },
      }),
    );
    const handoffId = `handoff/default/${json(answerTo(/\$API\/v1\/handoffs -d '\{\n/)).conversationId}`;
    check(/\/desk\/api\/queue$/, (answer) =>
      expect(json(answer)).toContainEqual(expect.objectContaining({ handoffId, lastUtterance: 'My VPN keeps dropping' })),
    );
    check(/\/accept /, (answer) => expect(json(answer)).toMatchObject({ status: 'active', agentName: 'admin' }));
    check(/\/chats\/\$CHAT\/messages /, (answer) => expect(json(answer)).toEqual({ ok: true }));
    check(/\$ID\/messages /, (answer) => expect(json(answer)).toEqual({ seq: expect.any(Number) }));
    check(/\$ID\/typing /, (answer) => expect(json(answer)).toEqual({}));
    check(/\$ID\/transcript$/, (answer) =>
      expect(json(answer)).toMatchObject({
        handoffId,
        messages: expect.arrayContaining([expect.objectContaining({ from: 'user', text: 'It drops every 5 minutes' })]),
      }),
    );
    check(/\$ID$/, (answer) => expect(json(answer)).toMatchObject({ id: handoffId, status: expect.stringMatching(/^(queued|connected)$/) }));
    check(/\/close /, (answer) => expect(json(answer)).toMatchObject({ status: 'closed' }));
    check(/\$ID\/survey /, (answer) => expect(json(answer)).toMatchObject({ id: handoffId, status: 'closed', reason: 'agent-closed', survey: { rating: 5 } }));
    check(/"profile":"url"/, (answer) =>
      expect(json(answer)).toMatchObject({ status: 'redirected', redirectUrl: expect.stringContaining('utterance=Printer%20on%20fire') }),
    );
    check(/"profile":"api"/, (answer) =>
      expect(json(answer)).toMatchObject({ status: 'queued', redirectUrl: expect.stringMatching(/\/desk\/join\/.+\?token=/) }),
    );
    check(/\/eligibility /, (answer) => expect(json(answer)).toMatchObject({ eligible: true, profile: 'default', decision: { offered: true } }));
    const ticket = json(answerTo(/\$API\/v1\/handoffs -d '\{\n/)).ticket.number as string;
    check(/\/desk\/api\/tickets$/, (answer) =>
      expect(json(answer)).toContainEqual(expect.objectContaining({ number: ticket, shortDescription: '[Live agent] My VPN keeps dropping' })),
    );
    expect(curls.map(({ command }) => checked.filter((pattern) => pattern.test(command)).length)).toEqual(curls.map(() => 1));

    // What the last comment says: the chat's transcript went to its ticket (a moment after the close).
    await eventually(async () => {
      const filed = (await deskTickets()).find((entry) => entry.number === ticket);
      expect(filed?.workNotes.map((note) => note.text).join('\n')).toContain('It drops every 5 minutes');
    });
  });
});

describe('npm run temporal', () => {
  it("prints a handoff's payloads decoded, where the bare CLI prints ciphertext", async () => {
    const utterance = `My monitor flickers (${Date.now()})`;
    const conversationId = `temporal-${Date.now()}`;
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'generated-secrets.json'), 'utf8')) as Record<string, string>;
    const started = await fetch(`http://127.0.0.1:${ports.api}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.HANDOFF_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId, profile: 'api', user: { id: 'u-1' }, issue: { lastUtterance: utterance } }),
    });
    const { id } = (await started.json()) as { id: string };
    const temporal = (args: string[]) =>
      spawnSync('npm', ['run', '-s', 'temporal', '--', ...args], { cwd: PROJECT_ROOT, env: personsEnvironment(), encoding: 'utf8', timeout: 30_000 });

    const history = temporal(['workflow', 'show', '-w', id, '--detailed']);
    expect(history.stderr).toBe('');
    expect(history.status).toBe(0);
    expect(history.stdout).toContain(`input[0].request.issue.lastUtterance: ${utterance}`);
    const view = temporal(['workflow', 'query', '-w', id, '--name', 'handoffView']);
    expect(view.stdout).toContain(`"conversationId":"${conversationId}"`);
    const stack = temporal(['workflow', 'stack', '-w', id]);
    expect(stack.status).toBe(0);
    expect(stack.stdout).toMatch(/at \S+ \(/);

    const bare = spawnSync(
      path.join(PROJECT_ROOT, '.tools', 'bin', 'temporal'),
      ['workflow', 'show', '-w', id, '--detailed', '--address', `127.0.0.1:${ports.temporal}`],
      {
        encoding: 'utf8',
      },
    );
    expect(bare.status).toBe(0);
    expect(bare.stdout).not.toContain(utterance);
    expect(bare.stdout).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // binary/encrypted
  });
});

describe('stopping it as the sample unit does', () => {
  it(
    'stops every process it started on SIGTERM to its one pid, within the bound the unit allows',
    async () => {
      expect(unitSetting('KillMode')).toBe('mixed');
      const bound = stopBoundMs(CHILDREN);
      expect(Number(unitSetting('TimeoutStopSec')) * 1000).toBeGreaterThan(bound);
      const processes = descendantsOf(start.pid);
      expect(processes.length).toBeGreaterThanOrEqual(CHILDREN);

      process.kill(start.pid, 'SIGTERM');
      const { code, output } = await start.ended(bound);

      expect(code).toBe(0);
      expect(output).toContain('start: SIGTERM received; stopping everything');
      expect(processes.filter(isRunning)).toEqual([]);
      for (const port of Object.values(ports)) expect(await portFree(port, '127.0.0.1'), String(port)).toBe(true);
      expect(output).not.toMatch(STACK_LINE);
    },
    stopBoundMs(CHILDREN) + 10_000,
  );
});
