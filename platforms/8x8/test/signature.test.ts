import { describe, expect, it } from 'vitest';
import { deliveryOf, signedPayload, verifyEightByEightSignature } from '../signature';
import { WebhookSignatureError } from '../../../lib/webhook-signature-error';
import { EightByEightSimulator } from './simulator';

const SETUP = { apiKey: 'k', tenant: 'acme-tenant', customerId: 'acme-customer', channelId: 'c', queueId: 'q', queueName: 'Q' };
const es256 = new EightByEightSimulator({ ...SETUP, algorithm: 'ES256' });
const rs256 = new EightByEightSimulator({ ...SETUP, algorithm: 'RS256' });
const BODY = JSON.stringify({ eventType: 'MESSAGE', conversationId: 'conv-1', timestamp: 1_700_000_000_000, data: { text: 'hi' } });
const MINUTES_5 = 300_000;

function options(sim: EightByEightSimulator, now = Date.now()) {
  return {
    keyFor: async (kid: string) => (kid === sim.kid ? sim.publicJwk : Promise.reject(new WebhookSignatureError(`unknown key ${kid}`))),
    now,
    maxAgeMs: MINUTES_5,
  };
}

function delivery(headers: Record<string, string>) {
  return deliveryOf((name) => headers[name]);
}

async function refusal(body: string, headers: Record<string, string>, sim = es256, now = Date.now()): Promise<string> {
  const error = await verifyEightByEightSignature(Buffer.from(body), delivery(headers), options(sim, now)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookSignatureError);
  return (error as Error).message;
}

describe('8x8 webhook signature verification', () => {
  it('accepts an ES256 delivery signed over the documented detached payload', async () => {
    const now = Date.now();
    await expect(
      verifyEightByEightSignature(Buffer.from(BODY), delivery(es256.signedHeaders(BODY, 'evt-1', 0, now)), options(es256, now)),
    ).resolves.toBeUndefined();
  });

  it('accepts an RS256 delivery', async () => {
    const now = Date.now();
    await expect(
      verifyEightByEightSignature(Buffer.from(BODY), delivery(rs256.signedHeaders(BODY, 'evt-1', 2, now)), options(rs256, now)),
    ).resolves.toBeUndefined();
  });

  it('rejects a body changed after signing', async () => {
    const headers = es256.signedHeaders(BODY, 'evt-1', 0, Date.now());
    expect(await refusal(BODY.replace('hi', 'ho'), headers)).toBe('the 8x8 signature does not match the delivery');
  });

  it('rejects a delivery whose event id or retry header was changed', async () => {
    const headers = es256.signedHeaders(BODY, 'evt-1', 0, Date.now());
    expect(await refusal(BODY, { ...headers, 'x-8x8-event-id': 'evt-2' })).toBe('the 8x8 signature does not match the delivery');
    expect(await refusal(BODY, { ...headers, 'x-8x8-retry': '1' })).toBe('the 8x8 signature does not match the delivery');
  });

  it('rejects a stale or far-future transmission time even when signed', async () => {
    const now = Date.now();
    const stale = now - MINUTES_5 - 1;
    expect(await refusal(BODY, es256.signedHeaders(BODY, 'evt-1', 0, stale), es256, now)).toBe(`stale x-8x8-transmission-time ${stale}`);
    const future = now + MINUTES_5 + 1;
    expect(await refusal(BODY, es256.signedHeaders(BODY, 'evt-1', 0, future), es256, now)).toBe(`stale x-8x8-transmission-time ${future}`);
  });

  it('rejects a signature made with another key under the same kid', async () => {
    const forger = new EightByEightSimulator({ ...SETUP, algorithm: 'ES256', kid: es256.kid });
    expect(await refusal(BODY, forger.signedHeaders(BODY, 'evt-1', 0, Date.now()))).toBe('the 8x8 signature does not match the delivery');
  });

  it('rejects an alg the key does not fit, and algs it does not support', async () => {
    const headers = rs256.signedHeaders(BODY, 'evt-1', 0, Date.now());
    const claimsEs = { ...headers, 'x-8x8-signature': withHeader(headers['x-8x8-signature']!, { alg: 'ES256', kid: rs256.kid, b64: false, crit: ['b64'] }) };
    expect(await refusal(BODY, claimsEs, rs256)).toBe(`key ${rs256.kid} does not fit alg ES256`);
    const none = { ...headers, 'x-8x8-signature': withHeader(headers['x-8x8-signature']!, { alg: 'none', kid: rs256.kid, b64: false, crit: ['b64'] }) };
    expect(await refusal(BODY, none, rs256)).toBe('unsupported JWS alg "none"');
  });

  it('rejects a JWS that does not declare an unencoded detached payload', async () => {
    const headers = es256.signedHeaders(BODY, 'evt-1', 0, Date.now());
    const encoded = { ...headers, 'x-8x8-signature': withHeader(headers['x-8x8-signature']!, { alg: 'ES256', kid: es256.kid }) };
    expect(await refusal(BODY, encoded)).toBe('the JWS must declare an unencoded payload (b64: false, crit: ["b64"])');
    const attached = { ...headers, 'x-8x8-signature': headers['x-8x8-signature']!.replace('..', '.e30.') };
    expect(await refusal(BODY, attached)).toBe('x-8x8-signature is not a detached JWS');
  });

  it('rejects a delivery without the signed headers', () => {
    const headers = es256.signedHeaders(BODY, 'evt-1', 0, Date.now());
    const { 'x-8x8-retry': _retry, ...withoutRetry } = headers;
    expect(() => delivery(withoutRetry)).toThrow(new WebhookSignatureError('the x-8x8-retry header is missing'));
    expect(() => delivery({ ...headers, 'x-8x8-transmission-time': 'soon' })).toThrow(
      new WebhookSignatureError('the x-8x8-transmission-time header is not a whole number'),
    );
  });

  it('builds the payload as 8x8 documents it: keys in order, CRC32 of the body in decimal', () => {
    const payload = signedPayload(Buffer.from('The quick brown fox jumps over the lazy dog'), {
      customerId: 'vccC8ProdChecksUS',
      eventId: 'g4nqGuj8TpCa6tiZ3DeeNw',
      retry: 0,
      tenantId: 'vccC8ProdChecksUS',
      transmissionTime: 1629804577296,
    });
    expect(payload).toBe(
      '{"checksum":1095738169,"cid":"vccC8ProdChecksUS","eid":"g4nqGuj8TpCa6tiZ3DeeNw","retry":0,"tid":"vccC8ProdChecksUS","tt":1629804577296}',
    );
  });
});

/** The same signature under another protected header (which no longer matches it). */
function withHeader(jws: string, header: object): string {
  const [, , signature] = jws.split('.');
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}..${signature}`;
}
