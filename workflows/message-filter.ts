/**
 * Which user `messageId`s the archived transcript segments may hold: Bloom filters, one per slot,
 * segment `i` in slot `i % FILTER_SLOTS`, so the whole stays under 90 KB of the continue-as-new
 * input however long the chat. "No" is certain: a new message is taken without reading the
 * archive. "Maybe" is checked against the segments of that slot (activities/transcript.ts), so a
 * false positive costs one lookup, never a lost message. Pure: the workflow keeps it.
 */
import { hashPair } from './digest';

export const FILTER_SLOTS = 16;
/** 32,768 bits a slot: with five probes, about 1 in 2,000 false positives at 1,600 ids a slot. */
const FILTER_BYTES = 4_096;
const PROBES = 5;

export class MessageFilters {
  private constructor(private readonly slots: (Uint8Array | undefined)[]) {}

  static from(encoded: readonly string[]): MessageFilters {
    return new MessageFilters(Array.from({ length: FILTER_SLOTS }, (_, slot) => (encoded[slot] ? fromBase64(encoded[slot]!) : undefined)));
  }

  /** The segment's ids go into its slot. */
  add(segment: number, messageIds: Iterable<string>): void {
    const slot = segment % FILTER_SLOTS;
    const bits = (this.slots[slot] ??= new Uint8Array(FILTER_BYTES));
    for (const id of messageIds) for (const bit of probes(id)) bits[bit >>> 3]! |= 1 << (bit & 7);
  }

  /** The slots whose segments may hold `messageId` (none: it is certainly not archived). */
  slotsThatMayHold(messageId: string): number[] {
    const bitsOfId = probes(messageId);
    const slots: number[] = [];
    for (const [slot, bits] of this.slots.entries()) {
      if (bits && bitsOfId.every((bit) => (bits[bit >>> 3]! & (1 << (bit & 7))) !== 0)) slots.push(slot);
    }
    return slots;
  }

  /** As the state carries them: a base64 string per slot in use (trailing empty slots left out). */
  encode(): string[] {
    const encoded = this.slots.map((bits) => (bits ? toBase64(bits) : ''));
    while (encoded.length > 0 && encoded.at(-1) === '') encoded.pop();
    return encoded;
  }
}

function probes(id: string): number[] {
  const [h1, h2] = hashPair(id);
  const bitCount = FILTER_BYTES * 8;
  return Array.from({ length: PROBES }, (_, i) => (h1 + Math.imul(i, h2 | 1)) >>> 0).map((h) => h % bitCount);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >>> 18) & 63]! + ALPHABET[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >>> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(FILTER_BYTES);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (index < bytes.length) bytes[index++] = (value >>> bits) & 0xff;
    }
  }
  return bytes;
}
