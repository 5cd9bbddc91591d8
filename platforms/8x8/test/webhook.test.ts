import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningMaterialUnavailableError, WebhookSignatureError } from '../../../lib/webhook-signature-error';
import { HandoffLookupError, type WebhookContext, type WebhookDelivery } from '../../webhook';
import { EightByEightOptionsSchema, type EightByEightOptions } from '../options';
import { EightByEightSimulator } from './simulator';
import { eightByEightWebhook, type EightByEightVerified } from '../webhook';

const SETUP = { apiKey: 'k', tenant: 'acme-tenant', customerId: 'acme-customer', channelId: 'c', queueId: 'q', queueName: 'Q' };
const eight = new EightByEightSimulator({ ...SETUP, algorithm: 'ES256' });
/** A base URL nothing listens on: 8x8 cannot be asked. */
const DOWN = 'http://127.0.0.1:9/chat-gateway/v1';
const SENT_AT = 1_700_000_000_000;
const env = { EIGHT_KEY: SETUP.apiKey };
let baseUrl = '';

beforeAll(async () => {
  baseUrl = await eight.start();
});
afterAll(() => eight.stop());

function contextOn(url: string): WebhookContext<EightByEightOptions> {
  const options = EightByEightOptionsSchema.parse({ baseUrl: url, apiKey: '${EIGHT_KEY}', tenant: SETUP.tenant, channelId: 'c', queueId: 'q' });
  return { profiles: [{ name: 'eight', options }], profileOf: () => undefined, log: () => undefined };
}

function signed(event: object, eventId = 'evt-1'): WebhookDelivery {
  const text = JSON.stringify(event);
  const headers = eight.signedHeaders(text, eventId, 0, SENT_AT);
  return { rawBody: Buffer.from(text), body: event, header: (name) => headers[name.toLowerCase()], query: {} };
}

// The transmission time is checked against the injected clock, not the machine's.
const adapter = eightByEightWebhook({ env, clock: () => SENT_AT + 1_000 });

describe('8x8 webhook adapter', () => {
  it('answers WEB_HOOK_VERIFY before looking for a signature', async () => {
    const check = { rawBody: Buffer.from('{}'), body: { eventType: 'WEB_HOOK_VERIFY' }, header: () => undefined, query: {} };
    expect(adapter.handshake!(check)).toEqual({ answer: { status: 200, body: { status: 'verified' } } });
    expect(adapter.handshake!(signed({ eventType: 'MESSAGE' }))).toBeUndefined();
  });

  it('dates a delivery by its signed transmission time, which 8x8 sets anew at each retry', () => {
    expect(adapter.dating).toMatchObject({ dates: 'delivery' });
    expect(adapter.dating!.sentAt(signed({ eventType: 'MESSAGE' }))).toBe(SENT_AT);
    expect(adapter.dating!.sentAt({ ...signed({ eventType: 'MESSAGE' }), header: () => 'yesterday' })).toBeUndefined();
  });

  it('refuses the signature (401 in the pipeline) when the transmission time is stale by the injected clock', async () => {
    const late = eightByEightWebhook({ env, clock: () => SENT_AT + 3_600_000 });
    const refusal = late.verify(signed({ eventType: 'MESSAGE' }), contextOn(baseUrl));
    await expect(refusal).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(refusal).rejects.toThrow(`stale x-8x8-transmission-time ${SENT_AT}`);
  });

  it('says the signing key is unavailable (503 signing_key_unavailable in the pipeline) when 8x8 cannot serve it', async () => {
    const refusal = adapter.verify(signed({ eventType: 'MESSAGE' }), contextOn(DOWN));
    await expect(refusal).rejects.toBeInstanceOf(SigningMaterialUnavailableError);
    await expect(refusal).rejects.toMatchObject({ code: 'signing_key_unavailable' });
  });

  it('ignores an event the user need not see, with its reason', async () => {
    const event = { eventType: 'MESSAGE', conversationId: 'conv-1', timestamp: SENT_AT, data: { isEcho: true, text: 'mine' } };
    const delivery = signed(event);
    const verified = (await adapter.verify(delivery, contextOn(baseUrl))) as EightByEightVerified;
    expect(await adapter.parse(delivery, verified, contextOn(baseUrl))).toEqual({ ignored: 'echo of a message Handoff sent' });
  });

  it('names the conversation, and fails the lookup with HandoffLookupError when 8x8 cannot be asked', async () => {
    const event = { eventType: 'MESSAGE', conversationId: 'conv-1', data: { sender: { type: 'agent' }, text: 'hello' } };
    const delivery = signed(event, 'evt-2');
    const verified = (await adapter.verify(delivery, contextOn(baseUrl))) as EightByEightVerified;
    expect(await adapter.parse(delivery, verified, contextOn(baseUrl))).toEqual({
      sessionKey: 'conv-1',
      events: [{ eventId: 'evt-2', sessionKey: 'conv-1', at: new Date(SENT_AT + 1_000).toISOString(), type: 'agent.message', text: 'hello' }],
    });
    const down = { ...verified, tenants: contextOn(DOWN).profiles.map((p) => p.options) };
    await expect(adapter.locate!('conv-1', down, contextOn(DOWN))).rejects.toBeInstanceOf(HandoffLookupError);
  });

  it('turns a signed TRANSFER into agent.transferred for the conversation, the session going on', async () => {
    const event = { eventType: 'TRANSFER', conversationId: 'conv-1', timestamp: SENT_AT, data: { queueId: 'queue-2', queueName: 'Second line' } };
    const delivery = signed(event, 'evt-3');
    const verified = (await adapter.verify(delivery, contextOn(baseUrl))) as EightByEightVerified;
    expect(await adapter.parse(delivery, verified, contextOn(baseUrl))).toEqual({
      sessionKey: 'conv-1',
      events: [{ eventId: 'evt-3', sessionKey: 'conv-1', at: new Date(SENT_AT).toISOString(), type: 'agent.transferred', to: 'Second line' }],
    });
  });
});
