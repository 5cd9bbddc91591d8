import type { Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCRYPTED_ENCODING } from '../../codec/encryption-codec';
import { HandoffStack } from '../support/stack';
import { decodedThroughCodecServer, encodingOf, historyBytes, payloadsIn, personalChat, rawHistory } from './history-payloads';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

function kindOf(payload: Payload): string {
  if (payload.metadata?.type) return 'search attribute';
  const value = JSON.parse(Buffer.from(payload.data!).toString());
  if ('deprecated' in value) return 'patch marker';
  if ('activity_type' in value) return 'local activity marker';
  // The tracing interceptors' `_tracer-data` header: the W3C trace context, empty when nothing traces.
  if (Object.keys(value).every((key) => key === 'traceparent' || key === 'tracestate')) return 'trace context header';
  return `unexpected: ${JSON.stringify(value)}`;
}

describe('personal data in the Temporal history', () => {
  it('is not in the raw history of a brokered chat, and the codec endpoint reads it', async () => {
    const chat = await personalChat(stack);
    const history = await rawHistory(stack, chat.handoffId);
    const bytes = historyBytes(history);

    for (const secret of [chat.email, chat.name, chat.userText, chat.agentText, '078-05-1120']) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    }
    const payloads = payloadsIn(history);
    const plain = payloads.filter((payload) => encodingOf(payload) !== ENCRYPTED_ENCODING);
    // What stays plain is not the codec's to encrypt: search attributes (the server indexes them), and the
    // SDK's own markers of patches and local activities (written by its core, outside the codec), and the
    // trace context headers (ids only; headers do not pass through the codec).
    for (const payload of plain) expect(kindOf(payload)).toMatch(/^(search attribute|patch marker|local activity marker|trace context header)$/);
    expect(payloads.length - plain.length).toBeGreaterThan(5);

    const decoded = await decodedThroughCodecServer(stack, payloads);
    expect(decoded.status).toBe(200);
    const all = decoded.texts.join('\n');
    for (const secret of [chat.email, chat.name, chat.userText, chat.agentText]) expect(all).toContain(secret);
  });

  it('answers 401 to the codec endpoint without its token or with a wrong one', async () => {
    const [payload] = payloadsIn(await rawHistory(stack, (await personalChat(stack)).handoffId));
    const body = JSON.stringify({ payloads: [{ metadata: {}, data: Buffer.from(payload!.data!).toString('base64') }] });
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post('/codec/decode')).status).toBe(401);
    expect((await post('/codec/decode', { authorization: 'Bearer not-the-codec-token' })).status).toBe(401);
    expect((await post('/codec/not-the-codec-token/decode')).status).toBe(401);
    expect((await post(`/codec/${stack.codecToken}/decode`)).status).toBe(200);
  });
});
