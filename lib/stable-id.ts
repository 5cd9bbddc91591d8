import { createHash } from 'node:crypto';

/**
 * A UUID (RFC 9562 version-5 layout over SHA-1) derived from `parts`: the same parts always give
 * the same id, so a retried call carries the id of the first attempt and the platform can tell.
 */
export function stableUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
