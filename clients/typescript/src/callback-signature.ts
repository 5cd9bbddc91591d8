import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Handoff signs each callback with: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-handoff-signature';

export interface VerifyOptions {
  /** How old (or how far ahead) a signature's time may be. @default 300 */
  toleranceSeconds?: number;
  /** Now, in unix seconds. @default Date.now() / 1000 */
  nowSeconds?: number;
}

/**
 * Whether `body` (the raw bytes as they came, before any parsing) was signed with `secret`
 * (`HANDOFF_CALLBACK_SECRET`) no longer ago than the tolerance: a replayed old delivery fails.
 */
export function verifyCallback(secret: string, body: string | Uint8Array, header: string | null | undefined, options: VerifyOptions = {}): boolean {
  const { toleranceSeconds = 300, nowSeconds = Date.now() / 1000 } = options;
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || !given || !/^[0-9a-f]{64}$/i.test(given) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
