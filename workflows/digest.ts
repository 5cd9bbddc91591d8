/**
 * Short, fixed-size fingerprints of ids (a platform's event id, a bot's `messageId`), so the
 * session remembers many of them in little space. Pure (no Node crypto in the workflow sandbox):
 * two FNV-1a hashes of the UTF-16 code units with different offsets, 64 bits in all. Not a
 * defence against someone choosing ids to collide: the ids come from authenticated callers.
 */

const FNV_PRIME = 0x01000193;

function fnv1a(text: string, offset: number): number {
  let hash = offset;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  // A final avalanche, so nearby ids (m1, m2, …) spread over every bit.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Two independent 32-bit hashes of `text`. */
export function hashPair(text: string): [number, number] {
  return [fnv1a(text, 0x811c9dc5), fnv1a(text, 0x050c5d1f)];
}

/** A 64-bit fingerprint of `text` as 16 hex digits. */
export function digestOf(text: string): string {
  const [high, low] = hashPair(text);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
