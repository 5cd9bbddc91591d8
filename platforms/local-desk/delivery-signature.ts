/**
 * How the local desk signs each webhook delivery, at each attempt: `X-Desk-Timestamp` (unix
 * seconds) and `X-Desk-Signature` (hex HMAC-SHA256 of `<timestamp>.<raw body>` keyed by the desk
 * secret). The signature binds the body to the time of this attempt, so a captured delivery can
 * neither be altered nor replayed once the freshness window has passed. Imports only `node:crypto`.
 */
import { createHmac } from 'node:crypto';

export const DESK_TIMESTAMP_HEADER = 'x-desk-timestamp';
export const DESK_SIGNATURE_HEADER = 'x-desk-signature';

/** The signature of one delivery attempt. */
export function deskSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The headers of a delivery attempt made now. */
export function signedDeskHeaders(secret: string, rawBody: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1_000));
  return { [DESK_TIMESTAMP_HEADER]: timestamp, [DESK_SIGNATURE_HEADER]: deskSignature(secret, timestamp, rawBody) };
}
