/**
 * The logs of the worker and the API processes as they run (system/*-process.ts, spawned on the
 * run's dev server): one JSON object per line; a handoff's activity lines carry its id and
 * platform; a bot answering 503 is one WARN line per attempt, without a stack; a refused webhook
 * names its platform; and the API at WARN leaves its INFO lines out.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { freePorts, runScript, STACK_LINE, type ScriptRun } from '../start/run-script';
import { jsonLinesOf } from '../support/log-lines';
import { DEFAULT_TEST_CONFIG, eventually } from '../support/stack';

const API_TOKEN = `logs-test-token-${randomUUID()}`;
const WORKER_READY_MS = 150_000;

let dir: string;
let worker: ScriptRun;
let api: ScriptRun;
let apiUrl: string;
let bot: Server;
let botUrl: string;

/** A bot whose callback is down: every delivery answers 503, so the worker retries it. */
async function startUnavailableBot(): Promise<void> {
  bot = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/callback`;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'handoff-logs-'));
  const configPath = path.join(dir, 'handoff.yaml');
  writeFileSync(configPath, DEFAULT_TEST_CONFIG);
  await startUnavailableBot();
  const [port] = await freePorts(1);
  apiUrl = `http://127.0.0.1:${port}`;
  const env = {
    HANDOFF_CONFIG: configPath,
    HANDOFF_API_TOKEN: API_TOKEN,
    HANDOFF_CALLBACK_SECRET: `logs-test-callback-${randomUUID()}`,
    LOCAL_DESK_SECRET: `logs-test-desk-${randomUUID()}`,
    HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
    HANDOFF_DATA_DIR: path.join(dir, 'data'),
    HANDOFF_PUBLIC_URL: apiUrl,
    HANDOFF_CALLBACK_HOSTS: '127.0.0.1',
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `handoff-logs-${randomUUID()}`,
    PORT: String(port),
    WORKER_METRICS_PORT: '0',
  };
  worker = runScript('system/worker-process.ts', { ...env, HANDOFF_LOG_LEVEL: 'INFO' });
  api = runScript('system/api-process.ts', { ...env, HANDOFF_LOG_LEVEL: 'WARN' });
  await eventually(async () => expect((await fetch(`${apiUrl}/healthz`)).status).toBe(200), 60_000, 200);
  await worker.waitFor(/polling task queue/, WORKER_READY_MS);
}, WORKER_READY_MS + 70_000);

afterAll(async () => {
  for (const run of [worker, api]) run?.cleanUp();
  await new Promise((resolve) => bot?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** The lines a process wrote, every one of which must be a JSON object. */
function linesOf(run: ScriptRun): Record<string, unknown>[] {
  const lines = run.output().split('\n').filter(Boolean);
  expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
  return jsonLinesOf(run.output());
}

describe('the logs of the worker and the API', () => {
  it("log a handoff's retried bot callback as one JSON WARN line per attempt, with its handoff, reason and attempt, and no stack", async () => {
    const conversationId = `conv-${randomUUID()}`;
    const handoffId = `handoff/default/${conversationId}`;
    const start = await fetch(`${apiUrl}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        profile: 'default',
        conversationId,
        user: { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com' },
        issue: { lastUtterance: 'My VPN keeps dropping' },
        callbackUrl: botUrl,
      }),
    });
    expect(start.status).toBe(200);
    // The user leaves: the workflow tells the bot, whose callback is down.
    const cancel = await fetch(`${apiUrl}/v1/handoffs/${encodeURIComponent(handoffId)}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cancel.status).toBe(200);

    const failures = await eventually(
      () => {
        const found = linesOf(worker).filter((line) => line.msg === 'Activity failed' && line.handoffId === handoffId && line.isLocal === false);
        expect(found.length).toBeGreaterThanOrEqual(2);
        return found;
      },
      40_000,
      200,
    );
    expect(failures[0]).toMatchObject({
      level: 'warn',
      process: 'worker',
      activityType: 'deliverToBot',
      handoffId,
      workflowId: handoffId,
      runId: expect.any(String),
      platform: 'local-desk',
      reason: 'Error: bot callback answered 503',
      attempt: 1,
    });
    expect(failures[1]).toMatchObject({ attempt: 2 });
    // At INFO, each handoff goes by in a few lines of its own: started, and ended with its cause.
    const milestones = linesOf(worker).filter((line) => line.handoffId === handoffId && /^handoff (started|ended)$/.test(String(line.msg)));
    expect(milestones).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'handoff started',
        workflowId: handoffId,
        runId: expect.any(String),
        platform: 'local-desk',
        mode: 'broker',
      }),
      expect.objectContaining({
        level: 'info',
        msg: 'handoff ended',
        workflowId: handoffId,
        runId: expect.any(String),
        platform: 'local-desk',
        cause: 'userLeft',
      }),
    ]);
    for (const failure of failures) expect(failure).not.toHaveProperty('stack');
    expect(worker.output()).not.toMatch(STACK_LINE);
    // Personal data stays out of the log: the user's name, e-mail and words.
    expect(worker.output()).not.toMatch(/Ada Lovelace|ada@example\.com|VPN/);
    expect(linesOf(worker)).toContainEqual(expect.objectContaining({ level: 'info', msg: expect.stringMatching(/^polling task queue/) }));
  });

  it('logs a refused webhook with its platform, and nothing below the WARN level it was given', async () => {
    const body = JSON.stringify({ type: 'agent.message', chatId: 'c-1', eventId: 'e-1', text: 'forged', at: new Date().toISOString() });
    const answer = await fetch(`${apiUrl}/v1/webhooks/local-desk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-desk-timestamp': String(Math.floor(Date.now() / 1000)), 'x-desk-signature': 'v1=00' },
      body,
    });
    expect(answer.status).toBe(401);

    const refused = await eventually(() => {
      const found = linesOf(api).find((line) => line.msg === 'local-desk webhook refused');
      expect(found).toBeDefined();
      return found!;
    });
    expect(refused).toMatchObject({ level: 'warn', process: 'api', platform: 'local-desk', reason: expect.any(String) });
    expect(api.output()).not.toContain('forged');
    expect(linesOf(api).filter((line) => line.level === 'info' || line.level === 'debug')).toEqual([]);
  });
});
