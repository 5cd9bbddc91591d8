import { createHash } from 'node:crypto';

/** The SHA-256 of some bytes, in hex, as attachment references carry it. */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
