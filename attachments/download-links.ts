/**
 * Signed, expiring download links: `GET /v1/attachments/<id>?name=&type=&exp=&token=`. The token is
 * an HMAC-SHA256 over the id, name, type and expiry, keyed by a secret derived from
 * HANDOFF_CALLBACK_SECRET (HKDF-SHA256, info "attachment-download"): the API that serves the link
 * and the worker that signs it agree with no secret of their own, and a link's key is never the
 * key of the bots' callback signatures.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AttachmentRef } from '../contracts/attachment';

/** Where the API serves a file to whoever holds its link (api/routes/attachments.ts), in OpenAPI's form. */
export const DOWNLOAD_PATH = '/v1/attachments/{attachmentId}';

/** How long a link lives unless the signer says otherwise. @default 24 hours */
export const DEFAULT_LINK_TTL_MS = 24 * 3_600_000;

/** The download-link key of a deployment, from its HANDOFF_CALLBACK_SECRET. */
export function downloadSecretOf(callbackSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', callbackSecret, Buffer.alloc(0), 'attachment-download', 32));
}

export interface DownloadLinkParts {
  attachmentId: string;
  name: string;
  type: string;
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
}

function tokenOf(secret: Buffer, parts: DownloadLinkParts): string {
  return createHmac('sha256', secret).update(`v1\n${parts.attachmentId}\n${parts.name}\n${parts.type}\n${parts.exp}`).digest('base64url');
}

/** A link to `ref` on `publicUrl`, good for `ttlMs` from `now`. */
export function signDownloadUrl(publicUrl: string, secret: Buffer, ref: AttachmentRef, ttlMs: number = DEFAULT_LINK_TTL_MS, now: number = Date.now()): string {
  const parts: DownloadLinkParts = { attachmentId: ref.attachmentId, name: ref.name, type: ref.contentType, exp: Math.floor(now + ttlMs) };
  const query = new URLSearchParams({ name: parts.name, type: parts.type, exp: String(parts.exp), token: tokenOf(secret, parts) });
  return `${publicUrl.replace(/\/$/, '')}${DOWNLOAD_PATH.replace('{attachmentId}', ref.attachmentId)}?${query.toString()}`;
}

export type DownloadVerdict = 'valid' | 'invalid' | 'expired';

/** Whether `token` signs these parts (`invalid` otherwise, whatever the time), then whether the link is still good. */
export function verifyDownloadToken(secret: Buffer, parts: DownloadLinkParts, token: string, now: number = Date.now()): DownloadVerdict {
  const expected = Buffer.from(tokenOf(secret, parts));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return parts.exp <= now ? 'expired' : 'valid';
}
