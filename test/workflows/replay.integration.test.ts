/**
 * Determinism guard (docs/changing-the-workflow.md). Every generation of histories committed under
 * test/fixtures/histories/<generation>/ (protobuf binary) must replay on today's code; so must fresh
 * histories of every path. Each generation keeps the fingerprint of the workflow code it was
 * recorded from (`workflow.sha256`), and the newest must match today's: a change to the workflow
 * code comes with a generation of its own (and, if it changes commands, a patch: workflows/patches.ts).
 * Record one: HANDOFF_RECORD_HISTORIES=<generation> npx vitest run test/workflows/replay.integration.test.ts
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';
import { encryptingDataConverter } from '../../codec/data-converter';
import { PATCHES } from '../../workflows/patches';
import { guidePdf, multipartOf, screenshotPng } from '../attachments/sample-files';
import { ChatCompletionsSimulator } from '../summary/chat-completions-simulator';
import { workflowFingerprint } from '../../worker/workflow-fingerprint';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');
const RECORD_INTO = process.env.HANDOFF_RECORD_HISTORIES;
const History = temporal.api.history.v1.History;
/** A test key, committed with the histories, so they decode on replay. */
const FIXTURE_KEYS = `fixtures-1:${Buffer.alloc(32, 6).toString('base64')}`;

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    timeouts: { agentAccept: 1h, inactivity: 1h, maxDuration: 1h }
  impatient:
    mode: broker
    platform: local-desk
    timeouts: { agentAccept: 1s, inactivity: 1h, maxDuration: 1h }
  url:
    mode: url
    platform: local-desk
    fileTicket: true
  api:
    mode: api
    platform: local-desk
    fileTicket: true
  nobody:
    mode: url
    platform: local-desk
    triggerRule: 'FALSE'
  rated:
    mode: broker
    platform: local-desk
    fileTicket: true
    survey: { enabled: true, windowMinutes: 1 }
  impatient-callback:
    mode: broker
    platform: local-desk
    timeouts: { agentAccept: 1s }
    fallback: [callback, ticket]
  closed:
    mode: broker
    platform: local-desk
    hours: { timezone: UTC, weekly: {} }
    fallback: [wait-for-opening, ticket]
  silent:
    mode: broker
    platform: local-desk
    redact: [card-number]
    routes: [{ when: 'user.locale == "de"', queue: Deutsch }]
    timeouts: { userIdleCheckIn: 10s, inactivity: 12s }
`;

/** Profiles whose summary a model writes (the model-summary patch): the model server is known once it runs. */
const modelProfiles = (baseUrl: string) => `
  modelled:
    mode: broker
    platform: local-desk
    fileTicket: true
    summary: { provider: openai-compatible, baseUrl: '${baseUrl}', model: summarizer, apiKey: '\${SUMMARY_API_KEY}', timeout: 2s }
`;

const MODEL_KEY = 'sk-replay-fixtures';
const model = new ChatCompletionsSimulator(MODEL_KEY);
let stack: HandoffStack;
beforeAll(async () => {
  await model.start();
  stack = await HandoffStack.start({
    config: CONFIG + modelProfiles(model.url),
    continueAsNewAfterEvents: 60,
    encryptionKeys: FIXTURE_KEYS,
    env: { SUMMARY_API_KEY: MODEL_KEY },
  });
});
afterAll(async () => {
  await stack?.stop();
  await model.stop();
});

async function replay(name: string, history: unknown): Promise<void> {
  await Worker.runReplayHistory(
    {
      workflowBundle: { codePath: inject('workflowBundlePath') },
      dataConverter: encryptingDataConverter(stack.codec.keys),
      replayName: name,
    },
    history,
  );
}

/** Every run's history of a finished handoff, first run first (continue-as-new makes several). */
async function finishedRuns(id: string) {
  await eventually(async () => expect((await stack.client.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED'));
  const histories = [];
  let runId: string | undefined;
  for (;;) {
    const history = await stack.client.workflow.getHandle(id, runId).fetchHistory();
    histories.unshift(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) return histories;
  }
}

async function scenarios(): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const start = async (profile: string) => (await stack.call('POST', '/v1/handoffs', stack.request({ profile }))).body.id as string;

  ids['broker-agent-closed'] = await start('default');
  const chatId = stack.chatFor(ids['broker-agent-closed']!)!.chatId;
  const ada = await stack.signedInAs('Ada');
  await stack.call('POST', `/desk/api/chats/${chatId}/accept`, {}, ada);
  for (let i = 0; i < 12; i++) {
    await stack.call('POST', stack.handoffPath(ids['broker-agent-closed']!, '/messages'), { messageId: `m${i}`, text: `user ${i}` });
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: `agent ${i}` }, ada);
  }
  await stack.call('POST', `/desk/api/chats/${chatId}/close`, undefined, ada);

  ids['broker-cancelled'] = await start('default');
  await stack.call('POST', stack.handoffPath(ids['broker-cancelled']!, '/messages'), { messageId: 'x', text: 'bye' }).catch(() => undefined);
  await stack.call('POST', stack.handoffPath(ids['broker-cancelled']!, '/cancel'));

  ids['broker-abandoned'] = await start('impatient');
  ids['url-redirected'] = await start('url');
  ids['not-eligible'] = await start('nobody');
  ids['api-closed'] = await start('api');
  const apiChat = stack.chatFor(ids['api-closed']!)!.chatId;
  const bo = await stack.signedInAs('Bo');
  await stack.call('POST', `/desk/api/chats/${apiChat}/accept`, {}, bo);
  await stack.call('POST', `/desk/api/chats/${apiChat}/close`, undefined, bo);

  // Files both ways (the attachments patch): the user's screenshot, twice (one file), the agent's guide.
  ids['broker-attachments'] = await start('default');
  const filesChat = stack.chatFor(ids['broker-attachments']!)!.chatId;
  const cy = await stack.signedInAs('Cy');
  await stack.call('POST', `/desk/api/chats/${filesChat}/accept`, {}, cy);
  const screenshot = screenshotPng('replay-fixture-screenshot');
  for (let i = 0; i < 2; i++) {
    const uploaded = await fetch(`${stack.apiUrl}${stack.handoffPath(ids['broker-attachments']!, '/attachments')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}` },
      body: multipartOf(screenshot),
    });
    expect(uploaded.status).toBe(202);
  }
  const attached = await fetch(`${stack.deskUrl}/api/chats/${filesChat}/attachments`, {
    method: 'POST',
    headers: { ...cy, 'x-desk-upload': '1' },
    body: multipartOf(guidePdf('replay-fixture-guide')),
  });
  expect(attached.status).toBe(201);
  await stack.call('POST', `/desk/api/chats/${filesChat}/messages`, { text: 'the guide is above' }, cy);
  await eventually(() => expect(stack.bot.eventsFor(ids['broker-attachments']!).some((e) => e.type === 'agent.attachment')).toBe(true));
  await stack.call('POST', `/desk/api/chats/${filesChat}/close`, undefined, cy);

  // Availability, fallback and the survey (the contact-center patch).
  ids['broker-rated'] = await start('rated');
  const ratedChat = stack.chatFor(ids['broker-rated']!)!.chatId;
  const di = await stack.signedInAs('Di');
  await stack.call('POST', `/desk/api/chats/${ratedChat}/accept`, {}, di);
  await stack.call('POST', `/desk/api/chats/${ratedChat}/close`, undefined, di);
  await eventually(async () =>
    expect((await stack.call('POST', stack.handoffPath(ids['broker-rated']!, '/survey'), { rating: 4, comment: 'ok' })).status).toBe(202),
  );
  ids['abandoned-callback'] = await start('impatient-callback');
  await eventually(async () => {
    const taken = await stack.call('POST', stack.handoffPath(ids['abandoned-callback']!, '/callback'), { phone: '+1 555 0100', when: 'noon' });
    expect(taken.status).toBe(202);
  }, 20_000);
  ids['closed-ticket'] = await start('closed');

  // Issue 28: a routed, redacted chat whose silent user is checked in on, then closed for inactivity;
  // and a chat whose summary a model replaces after the start.
  ids['broker-checked-in'] = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'silent', user: { id: 'u-de', locale: 'de' } }))).body.id;
  const silentChat = stack.chatFor(ids['broker-checked-in']!)!.chatId;
  const ed = await stack.signedInAs('Ed');
  await stack.call('POST', `/desk/api/chats/${silentChat}/accept`, {}, ed);
  await stack.call('POST', stack.handoffPath(ids['broker-checked-in']!, '/messages'), { messageId: 'card', text: 'card 4111 1111 1111 1111' });
  ids['broker-model-summary'] = await start('modelled');
  await eventually(() => expect(stack.bot.eventsFor(ids['broker-model-summary']!).some((e) => e.type === 'handoff.summary')).toBe(true));
  const modelChat = stack.chatFor(ids['broker-model-summary']!)!.chatId;
  const fay = await stack.signedInAs('Fay');
  await stack.call('POST', `/desk/api/chats/${modelChat}/accept`, {}, fay);
  await stack.call('POST', `/desk/api/chats/${modelChat}/close`, undefined, fay);
  await eventually(() => expect(stack.bot.eventsFor(ids['broker-checked-in']!).map((e) => e.type)).toContain('handoff.closed'), 30_000);
  return ids;
}

/** The fixture generations, oldest first (1.0, 1.1, … 1.10 in version order). */
function generations(): string[] {
  const version = (name: string) => name.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const compare = (a: string, b: string) => {
    const [x, y] = [version(a), version(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(compare);
}

describe('workflow determinism', () => {
  it('has replay fixtures recorded from the workflow code as it is now', async () => {
    const newest = generations().at(-1);
    expect(newest, 'no fixture generation under test/fixtures/histories').toBeDefined();
    const recorded = readFileSync(path.join(FIXTURES, newest!, 'workflow.sha256'), 'utf8').trim();
    const now = await workflowFingerprint();
    expect(
      now,
      `the workflow code changed since fixture generation ${newest} was recorded: record a new generation ` +
        `(HANDOFF_RECORD_HISTORIES=<next> npx vitest run test/workflows/replay.integration.test.ts), and if the change ` +
        `changes commands, guard it with a patch (workflows/patches.ts) so that ${newest}'s histories still replay`,
    ).toBe(recorded);
  });

  it('replays every committed history of every generation', async () => {
    const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.binpb'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      await replay(file, History.decode(readFileSync(path.join(FIXTURES, file))));
    }
  });

  it('lists every patch once, each with the generation that introduced it', () => {
    const known = new Set(generations());
    expect(new Set(PATCHES.map((patch) => patch.id)).size).toBe(PATCHES.length);
    for (const patch of PATCHES) {
      expect(known.has(patch.since) || patch.since === RECORD_INTO, `${patch.id}: generation ${patch.since}`).toBe(true);
      if (patch.deprecatedIn)
        expect(known.has(patch.deprecatedIn) || patch.deprecatedIn === RECORD_INTO, `${patch.id}: generation ${patch.deprecatedIn}`).toBe(true);
    }
  });

  it('replays fresh histories of every path a handoff can take, continue-as-new included', async () => {
    const ids = await scenarios();
    const runCounts: Record<string, number> = {};
    for (const [name, id] of Object.entries(ids)) {
      const runs = await finishedRuns(id);
      runCounts[name] = runs.length;
      for (const [index, history] of runs.entries()) {
        const runName = runs.length > 1 ? `${name}-run${index + 1}` : name;
        await replay(runName, history);
        if (RECORD_INTO) {
          mkdirSync(path.join(FIXTURES, RECORD_INTO), { recursive: true });
          writeFileSync(path.join(FIXTURES, RECORD_INTO, `${runName}.binpb`), History.encode(history).finish());
        }
      }
    }
    expect(runCounts['broker-agent-closed']).toBeGreaterThan(1);
    if (RECORD_INTO) writeFileSync(path.join(FIXTURES, RECORD_INTO, 'workflow.sha256'), `${await workflowFingerprint()}\n`);
  });
});
