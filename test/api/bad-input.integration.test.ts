import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/temporal-client';
import { signedDeskHeaders } from '../../platforms/local-desk/delivery-signature';
import { composeApi } from '../../system/compose';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

function expectError(answer: { status: number; body: any }, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+/);
}

describe('the bot API refuses bad input with a clear 4xx and starts nothing', () => {
  it('refuses a request without the bearer token', async () => {
    expectError(await stack.call('POST', '/v1/handoffs', stack.request(), { authorization: '' }), 401, 'unauthorized');
    expectError(await stack.call('GET', '/v1/handoffs/x', undefined, { authorization: 'Bearer wrong' }), 401, 'unauthorized');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    expectError(await stack.call('POST', '/v1/handoffs', '{"conversationId": ', { 'content-type': 'application/json' }), 400, 'malformed_json');
  });

  it('lists every failing path of an invalid body', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', { conversationId: '', user: {}, issue: {}, callbackUrl: 'ftp://x' });
    expectError(answer, 400, 'invalid_request');
    const paths = answer.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['conversationId', 'user.id', 'issue.lastUtterance', 'callbackUrl']));
  });

  it('refuses oversized fields and bodies', async () => {
    const tooLong = await stack.call('POST', '/v1/handoffs', stack.request({ conversationId: 'c'.repeat(201) }));
    expectError(tooLong, 400, 'invalid_request');
    expect(tooLong.body.error.details[0].path).toBe('conversationId');
    const tooMany = await stack.call('POST', '/v1/handoffs', stack.request({ transcript: Array.from({ length: 201 }, () => ({ from: 'user', text: 'x' })) }));
    expect(tooMany.body.error.details[0].path).toBe('transcript');
    const huge = await stack.call('POST', '/v1/handoffs', stack.request({ issue: { lastUtterance: 'x', details: 'y'.repeat(2_000_000) } }));
    expectError(huge, 413, 'payload_too_large');
  });

  it('refuses an unknown profile, naming the known ones', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'nope' }));
    expectError(answer, 400, 'invalid_request');
    expect(answer.body.error.details).toEqual([{ path: 'profile', message: 'must be one of default, url, api' }]);
  });

  it('answers 404 for an unknown handoff on every route', async () => {
    const id = stack.handoffPath('handoff/default/never-started');
    expectError(await stack.call('GET', id), 404, 'handoff_not_found');
    expectError(await stack.call('GET', `${id}/transcript`), 404, 'handoff_not_found');
    expectError(await stack.call('POST', `${id}/messages`, { messageId: 'm', text: 't' }), 404, 'handoff_not_found');
    expectError(await stack.call('POST', `${id}/cancel`), 404, 'handoff_not_found');
    expectError(await stack.call('POST', `${id}/typing`, { typing: true }), 404, 'handoff_not_found');
    expectError(await stack.call('GET', '/v1/nothing-here'), 404, 'route_not_found');
  });

  it('refuses an invalid user message and a message to a closed handoff', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    expectError(await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm' }), 400, 'invalid_request');
    expectError(await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm', text: 'x'.repeat(4_001) }), 400, 'invalid_request');
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    await eventually(async () =>
      expectError(await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm', text: 'hi' }), 409, 'session_not_open'),
    );
  });
});

describe("the user's typing", () => {
  it('refuses a missing or wrong bearer token with 401, and a non-boolean typing with 400 naming the path', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const path = stack.handoffPath(handoff.id, '/typing');
    expectError(await stack.call('POST', path, { typing: true }, { authorization: '' }), 401, 'unauthorized');
    expectError(await stack.call('POST', path, { typing: true }, { authorization: 'Bearer wrong' }), 401, 'unauthorized');
    const invalid = await stack.call('POST', path, { typing: 'yes' });
    expectError(invalid, 400, 'invalid_request');
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual(['typing']);
    expectError(await stack.call('POST', path, '{"typing": ', { 'content-type': 'application/json' }), 400, 'malformed_json');
  });

  it('answers 202 {} for a running handoff (typing defaults to true), and 409 once it has ended', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const answer = await stack.call('POST', stack.handoffPath(handoff.id, '/typing'), {});
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({});
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    await eventually(async () => expectError(await stack.call('POST', stack.handoffPath(handoff.id, '/typing'), { typing: true }), 409, 'session_not_open'));
  });
});

describe('the local-desk webhook', () => {
  it('refuses a missing, wrong or stale signature with 401 and signals nothing', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    const chatId = stack.chatFor(handoff.id)!.chatId;
    const forged = JSON.stringify({ eventId: 'forged-1', chatId, handoffId: handoff.id, at: new Date().toISOString(), type: 'chat.closed' });
    const now = Date.now();
    expectError(await stack.call('POST', '/v1/webhooks/local-desk', forged, { authorization: '' }), 401, 'unauthorized');
    expectError(await stack.call('POST', '/v1/webhooks/local-desk', forged, signedDeskHeaders('wrong-secret-wrong-secret', forged, now)), 401, 'unauthorized');
    const signedOther = signedDeskHeaders(stack.deskSecret, forged.replace('forged-1', 'forged-2'), now);
    expectError(await stack.call('POST', '/v1/webhooks/local-desk', forged, signedOther), 401, 'unauthorized');
    expectError(
      await stack.call('POST', '/v1/webhooks/local-desk', forged, signedDeskHeaders(stack.deskSecret, forged, now - 3_600_000)),
      401,
      'webhook_stale',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('queued');
    const history = await stack.client.workflow.getHandle(handoff.id).fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(false);
  });

  it('validates the event body and ignores an event for an ended handoff', async () => {
    const post = (body: unknown) => {
      const text = JSON.stringify(body);
      return stack.call('POST', '/v1/webhooks/local-desk', text, signedDeskHeaders(stack.deskSecret, text));
    };
    expectError(await post({ type: 'agent.message' }), 400, 'invalid_request');
    const late = await post({
      eventId: 'late-1',
      chatId: 'c',
      handoffId: 'handoff/default/long-gone',
      at: new Date().toISOString(),
      type: 'agent.message',
      text: 'hello?',
    });
    expect(late.status).toBe(202);
    expect(late.body).toEqual({ status: 'ignored', reason: 'the handoff has ended' });
  });
});

describe('when Temporal is unreachable', () => {
  it('answers 503 temporal_unavailable, and readyz says not ready', async () => {
    const client = createApiClient({ address: '127.0.0.1:1', namespace: 'default', encryptionKeys: stack.codec.keys });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-unreachable-'));
    const { app, desk } = composeApi({ ...stack.settings, dataDir, taskQueue: 'nowhere', publicUrl: 'http://localhost' }, client);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const started = await fetch(`${base}/v1/handoffs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(stack.request()),
      });
      expect(started.status).toBe(503);
      expect(((await started.json()) as any).error.code).toBe('temporal_unavailable');
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      server.close();
      desk?.close();
      rmSync(dataDir, { recursive: true, force: true });
      await client.connection.close().catch(() => undefined);
    }
  });
});
