/**
 * Verifies 8x8 webhook signatures: `x-8x8-signature` is a JWS (RFC 7515) with a detached,
 * unencoded payload (RFC 7797, `b64: false`). As 8x8 documents, that payload is the JSON
 * `{"checksum","cid","eid","retry","tid","tt"}` in this key order: the CRC32 of the raw body (in
 * decimal) and the customer id, event id, retry count, tenant id and transmission time headers,
 * so the signature binds the event id and transmission time to the body.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { WebhookSignatureError } from '../../lib/webhook-signature-error';

/** The signed headers of one 8x8 webhook delivery. */
export interface EightByEightDelivery {
  signature: string;
  customerId: string;
  tenantId: string;
  eventId: string;
  transmissionTime: number;
  retry: number;
}

export const EIGHT_BY_EIGHT_HEADERS = {
  signature: 'x-8x8-signature',
  customerId: 'x-8x8-customer-id',
  tenantId: 'x-8x8-tenant-id',
  eventId: 'x-8x8-event-id',
  transmissionTime: 'x-8x8-transmission-time',
  retry: 'x-8x8-retry',
} as const;

interface JoseHeader {
  alg?: unknown;
  kid?: unknown;
  b64?: unknown;
  crit?: unknown;
}

const KEY_TYPES: Record<string, { kty: string; crv?: string }> = { RS256: { kty: 'RSA' }, ES256: { kty: 'EC', crv: 'P-256' } };
const COUNT = /^\d{1,16}$/;

/** Reads the signed headers; throws `WebhookSignatureError` when one is missing or malformed. */
export function deliveryOf(header: (name: string) => string | undefined): EightByEightDelivery {
  const value = (name: string) => {
    const found = header(name);
    if (!found) throw new WebhookSignatureError(`the ${name} header is missing`);
    return found;
  };
  const count = (name: string) => {
    const text = value(name);
    if (!COUNT.test(text)) throw new WebhookSignatureError(`the ${name} header is not a whole number`);
    return Number(text);
  };
  return {
    signature: value(EIGHT_BY_EIGHT_HEADERS.signature),
    customerId: value(EIGHT_BY_EIGHT_HEADERS.customerId),
    tenantId: value(EIGHT_BY_EIGHT_HEADERS.tenantId),
    eventId: value(EIGHT_BY_EIGHT_HEADERS.eventId),
    transmissionTime: count(EIGHT_BY_EIGHT_HEADERS.transmissionTime),
    retry: count(EIGHT_BY_EIGHT_HEADERS.retry),
  };
}

/** The detached JWS payload 8x8 signs for a delivery. */
export function signedPayload(rawBody: Buffer, delivery: Omit<EightByEightDelivery, 'signature'>): string {
  return JSON.stringify({
    checksum: crc32(rawBody),
    cid: delivery.customerId,
    eid: delivery.eventId,
    retry: delivery.retry,
    tid: delivery.tenantId,
    tt: delivery.transmissionTime,
  });
}

export interface VerifyOptions {
  /** The public JWK for a key id (8x8 serves it at `/jwk/{kid}/public`). */
  keyFor: (kid: string) => Promise<JsonWebKey>;
  now: number;
  /** Deliveries transmitted further than this from `now` are refused as replays. */
  maxAgeMs: number;
}

/** Resolves when 8x8 signed this delivery recently; throws `WebhookSignatureError` otherwise. */
export async function verifyEightByEightSignature(rawBody: Buffer, delivery: EightByEightDelivery, options: VerifyOptions): Promise<void> {
  if (Math.abs(options.now - delivery.transmissionTime) > options.maxAgeMs) {
    throw new WebhookSignatureError(`stale x-8x8-transmission-time ${delivery.transmissionTime}`);
  }
  const parts = delivery.signature.split('.');
  if (parts.length !== 3 || parts[1] !== '') throw new WebhookSignatureError('x-8x8-signature is not a detached JWS');
  const [protectedHeader = '', , signature = ''] = parts;
  const header = decodeHeader(protectedHeader);
  const expected = typeof header.alg === 'string' ? KEY_TYPES[header.alg] : undefined;
  if (!expected) throw new WebhookSignatureError(`unsupported JWS alg ${JSON.stringify(header.alg)}`);
  if (header.b64 !== false || !Array.isArray(header.crit) || !header.crit.includes('b64')) {
    throw new WebhookSignatureError('the JWS must declare an unencoded payload (b64: false, crit: ["b64"])');
  }
  if (typeof header.kid !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(header.kid)) throw new WebhookSignatureError('the JWS has no usable kid');
  const jwk = await options.keyFor(header.kid);
  if (jwk.kty !== expected.kty || (expected.crv !== undefined && jwk.crv !== expected.crv)) {
    throw new WebhookSignatureError(`key ${header.kid} does not fit alg ${String(header.alg)}`);
  }
  const key = publicKeyOf(jwk, header.kid);
  const signingInput = Buffer.from(`${protectedHeader}.${signedPayload(rawBody, delivery)}`, 'utf8');
  const signatureBytes = Buffer.from(signature, 'base64url');
  const valid =
    expected.kty === 'EC'
      ? verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signatureBytes)
      : verify('sha256', signingInput, key, signatureBytes);
  if (!valid) throw new WebhookSignatureError('the 8x8 signature does not match the delivery');
}

function decodeHeader(encoded: string): JoseHeader {
  try {
    const header: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (header && typeof header === 'object') return header as JoseHeader;
  } catch {
    // answered below
  }
  throw new WebhookSignatureError('the JWS protected header is not JSON');
}

function publicKeyOf(jwk: JsonWebKey, kid: string): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new WebhookSignatureError(`key ${kid} is not a usable public JWK`);
  }
}
