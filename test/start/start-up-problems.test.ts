import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portFree } from '../../tools/scripts/ports';
import { freePorts, runScript, STACK_LINE, type ScriptRun } from './run-script';

const BAD_PROFILES = `
profiles:
  sales:
    mode: teleport
    platform: local-desk
    triggerRule: 'user.department == "Sales" AND'
  support:
    mode: url
    platform: local-desk
    triggerRule: '$NOPE(user)'
`;

const BROKEN_YAML = 'profiles:\n  a: [unclosed\n  b: x\n';

let dir: string;
let runs: ScriptRun[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-start-'));
  writeFileSync(path.join(dir, 'bad.yaml'), BAD_PROFILES);
  writeFileSync(path.join(dir, 'broken.yaml'), BROKEN_YAML);
});
afterEach(() => {
  for (const run of runs) run.cleanUp();
  runs = [];
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, env: NodeJS.ProcessEnv): ScriptRun {
  const started = runScript(script, env);
  runs.push(started);
  return started;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('npm start with a bad environment and a bad profiles file', () => {
  it('lists every problem of both once, the schema and the trigger rules together, with no stack trace, and exits 2 before starting anything', async () => {
    const [temporalPort, uiPort, apiPort] = await freePorts(3);
    const dataDir = path.join(dir, 'data');
    const start = run('tools/scripts/start.ts', {
      HANDOFF_DATA_DIR: dataDir,
      HANDOFF_CONFIG: path.join(dir, 'bad.yaml'),
      HANDOFF_API_TOKEN: '',
      HANDOFF_CONTINUE_AS_NEW_EVENTS: 'lots',
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      PORT: String(apiPort),
    });
    const { code, output } = await start.ended(30_000);

    expect(code).toBe(2);
    expect(output).toMatch(/^Handoff cannot start: fix these and start again\n {2}the environment:\n/);
    expect(output).toContain('HANDOFF_API_TOKEN: must be at least 16 characters (empty in the environment variable; unset it and `npm start` generates one)');
    expect(output).toContain('HANDOFF_CONTINUE_AS_NEW_EVENTS: ');
    expect(output).toContain(`the profiles file ${path.join(dir, 'bad.yaml')} (HANDOFF_CONFIG):`);
    expect(output).toMatch(/- profiles\.sales\.mode: /);
    expect(output).toMatch(/- profiles\.sales\.triggerRule: line 1, column \d+: /);
    expect(output).toMatch(/- profiles\.support\.triggerRule: line 1, column 1: .*\$NOPE/);
    for (const part of ['HANDOFF_API_TOKEN', 'profiles.support.triggerRule', 'HANDOFF_CONTINUE_AS_NEW_EVENTS']) expect(occurrences(output, part)).toBe(1);
    expect(output).not.toMatch(STACK_LINE);
    expect(output).not.toMatch(/network dial error|Temporal/);
    // Nothing was started and nothing was written.
    expect(await portFree(temporalPort!, '127.0.0.1')).toBe(true);
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });

  it('shows a YAML syntax error at the line of the mistake: its line, column, reason, and that line with a caret', async () => {
    const start = run('tools/scripts/start.ts', { HANDOFF_DATA_DIR: path.join(dir, 'data'), HANDOFF_CONFIG: path.join(dir, 'broken.yaml') });
    const { code, output } = await start.ended(30_000);

    expect(code).toBe(2);
    expect(output).toContain(['    - line 2, column 6: this [ is never closed with ]', '      a: [unclosed', '         ^'].join('\n'));
    expect(output).not.toMatch(STACK_LINE);
  });
});

describe.each([
  ['the API', 'system/api-process.ts'],
  ['the worker', 'system/worker-process.ts'],
])('%s run alone (npm run api / npm run worker)', (who, script) => {
  it('prints the same short list, with no stack trace, and exits 2', async () => {
    const alone = run(script, { HANDOFF_CONFIG: path.join(dir, 'bad.yaml'), HANDOFF_API_TOKEN: 'short', LOCAL_DESK_SECRET: 'd'.repeat(16) });
    const { code, output } = await alone.ended(30_000);

    expect(code).toBe(2);
    expect(output).toMatch(new RegExp(`^${who} cannot start: fix these and start again\\n {2}the environment:\\n`));
    expect(output).toContain('    - HANDOFF_API_TOKEN: must be at least 16 characters (from the environment variable)');
    expect(output).toContain('    - HANDOFF_CALLBACK_SECRET: not set');
    expect(output).not.toContain('LOCAL_DESK_SECRET');
    expect(output).toMatch(/- profiles\.sales\.triggerRule: line 1/);
    expect(output).toMatch(/- profiles\.support\.triggerRule: line 1, column 1/);
    expect(occurrences(output, 'profiles.support.triggerRule')).toBe(1);
    expect(output).not.toMatch(STACK_LINE);
  });
});
