/**
 * The Temporal UI shows decoded payloads through the codec server, as `npm start` wires it: a dev
 * server of this file's own, with its UI, a SQLite file and `--ui-codec-endpoint` (the path form
 * of the endpoint, since that UI sends no credentials), and a stack on it.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiCodecEndpoint } from '../../api/codec-server';
import { dynamicConfigFlags } from '../../tools/scripts/dev-server-flags';
import { freePort } from '../../tools/scripts/ports';
import { ensureTemporalCli } from '../../tools/scripts/temporal-cli.mjs';
import { userMessageUpdate } from '../../workflows/definitions';
import { HANDOFF_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { HandoffStack, installQuietRuntime } from '../support/stack';
import { personalChat, type PersonalChat } from './history-payloads';

const dbDir = mkdtempSync(path.join(tmpdir(), 'handoff-ui-codec-'));
let env: TestWorkflowEnvironment | undefined;
let stack: HandoffStack | undefined;
let browser: TestBrowser | undefined;
let uiUrl = '';

beforeAll(async () => {
  const [uiPort, apiPort] = [await freePort(), await freePort()];
  const codecToken = `codec-token-${randomUUID()}`;
  uiUrl = `http://localhost:${uiPort}`;
  installQuietRuntime();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: ensureTemporalCli() },
      ip: '127.0.0.1',
      uiPort,
      dbFilename: path.join(dbDir, 'temporal.sqlite'),
      searchAttributes: [...HANDOFF_SEARCH_ATTRIBUTES],
      extraArgs: [...dynamicConfigFlags(), '--ui-codec-endpoint', uiCodecEndpoint(`http://127.0.0.1:${apiPort}`, codecToken)],
    },
  });
  stack = await HandoffStack.start({ temporalAddress: env.address, temporalUiUrl: uiUrl, codecToken, apiPort });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await env?.teardown();
  rmSync(dbDir, { recursive: true, force: true });
});

/** Every byte of the dev server's SQLite files (the database, its write-ahead log). */
function databaseBytes(): Buffer {
  return Buffer.concat(readdirSync(dbDir).map((file) => readFileSync(path.join(dbDir, file))));
}

describe('the Temporal UI with the codec server', () => {
  let chat: PersonalChat;

  it("shows a chat's personal data and messages decoded in the workflow's history", async () => {
    chat = await personalChat(stack!);
    const handle = stack!.client.workflow.getHandle(chat.handoffId);
    const runId = (await handle.describe()).runId;
    const workflowPage = `${uiUrl}/namespaces/default/workflows/${encodeURIComponent(chat.handoffId)}/${runId}/history`;
    const page = await browser!.open(workflowPage);
    try {
      await page.getByText(chat.email).first().waitFor();
      // The user's message is the input of a userMessage update: its event's page shows it.
      const { events } = await handle.fetchHistory();
      const message = events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === userMessageUpdate.name);
      await page.goto(`${workflowPage}/events/${String(message!.eventId)}`);
      await page.getByText(chat.userText).first().waitFor();
    } finally {
      await browser!.screenshot(page, 'temporal-ui-decoded-message');
    }
  });

  it('leaves no personal data in the dev server SQLite file', async () => {
    expect(chat).toBeDefined();
    await stack!.stop();
    stack = undefined;
    await env!.teardown();
    env = undefined;
    const bytes = databaseBytes();
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [chat.email, chat.name, chat.userText, chat.agentText, '078-05-1120']) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    }
  });
});
