import { Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/scripts/ports';
import { startTemporalServer, type TemporalServer } from '../../tools/bench/processes';
import { eventually, HandoffStack } from '../support/stack';

const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-restart-'));
let server: TemporalServer | undefined;
let system: HandoffStack | undefined;
/** The port of this file's own dev server, the same after a restart. */
let temporalPort = 0;

beforeAll(async () => {
  temporalPort = await freePort();
  await startTemporal(temporalPort);
  system = await HandoffStack.start({ temporalAddress: `127.0.0.1:${temporalPort}` });
});

afterAll(async () => {
  if (server) process.kill(server.pid, 'SIGCONT');
  await system?.stop();
  await stopTemporal();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A dev server of this test's own on a fixed port and SQLite file, so it can be stopped and started again. */
async function startTemporal(port: number): Promise<void> {
  server = await startTemporalServer({ port, dbFilename: path.join(dataDir, 'temporal.sqlite') });
  await eventually(
    async () => {
      const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: '2s' });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
    60_000,
    250,
  );
}

async function stopTemporal(): Promise<void> {
  await server?.stop();
  server = undefined;
}

describe('when the Temporal service restarts', () => {
  it('answers 503 while it is down, and the worker and API carry on with the same session once it is back', async () => {
    const stack = started();
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const chatId = stack.chatFor(handoff.id)!.chatId;
    await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Ada' });

    await stopTemporal();
    const whileDown = await stack.call('GET', stack.handoffPath(handoff.id));
    expect(whileDown.status).toBe(503);
    expect(whileDown.body.error.code).toBe('temporal_unavailable');

    await startTemporal(temporalPort);
    await eventually(
      async () => {
        const sent = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'after-restart', text: 'still there?' });
        expect(sent.status).toBe(202);
      },
      60_000,
      500,
    );
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'yes, still here' }, await stack.signedInAs('Ada'));
    await eventually(() => {
      const texts = stack.bot
        .eventsFor(handoff.id)
        .filter((e) => e.type === 'agent.message')
        .map((e) => e.text);
      expect(texts).toEqual(['yes, still here']);
    }, 60_000);
    await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      expect(chat.body.messages.map((m: { text: string }) => m.text)).toContain('still there?');
    }, 30_000);
  });
});

describe('while the Temporal service does not answer', () => {
  it('answers a start 503 with Retry-After within the bound every call has, and the same start retried joins the one handoff', async () => {
    const stack = started();
    const request = stack.request();
    const frozen = server!;
    process.kill(frozen.pid, 'SIGSTOP');
    let whileFrozen: Response;
    const asked = Date.now();
    try {
      whileFrozen = await fetch(`${stack.apiUrl}/v1/handoffs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(20_000),
      });
    } finally {
      process.kill(frozen.pid, 'SIGCONT');
    }
    expect(Date.now() - asked).toBeLessThan(15_000);
    expect(whileFrozen.status).toBe(503);
    expect(Number(whileFrozen.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await whileFrozen.json()).toEqual({
      error: { code: 'temporal_unavailable', message: expect.stringContaining('joins the handoff it started') },
    });

    const retried = await eventually(
      async () => {
        const answer = await stack.call('POST', '/v1/handoffs', request);
        expect(answer.status).toBe(200);
        return answer.body;
      },
      30_000,
      500,
    );
    expect(retried).toMatchObject({ conversationId: request.conversationId, status: 'queued' });
    await eventually(() => expect(stack.desk.store.openChats().filter((chat) => chat.handoffId === retried.id)).toHaveLength(1));
  });
});

function started(): HandoffStack {
  if (!system) throw new Error('the stack did not start');
  return system;
}
