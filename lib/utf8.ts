import { isUtf8 } from 'node:buffer';

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF); -1 when `bytes` is all UTF-8.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return -1;
}

/** Length of the well-formed sequence at `start`, or 0. */
function sequenceLength(bytes: Uint8Array, start: number): number {
  const lead = bytes[start]!;
  if (lead < 0x80) return 1;
  // The second byte's range depends on the lead: it rules out overlongs, surrogates and > U+10FFFF.
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf
      ? [2, 0x80, 0xbf]
      : lead === 0xe0
        ? [3, 0xa0, 0xbf]
        : lead === 0xed
          ? [3, 0x80, 0x9f]
          : lead >= 0xe1 && lead <= 0xef
            ? [3, 0x80, 0xbf]
            : lead === 0xf0
              ? [4, 0x90, 0xbf]
              : lead >= 0xf1 && lead <= 0xf3
                ? [4, 0x80, 0xbf]
                : lead === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0];
  if (length === 0) return 0;
  for (let offset = 1; offset < length; offset++) {
    const byte = bytes[start + offset];
    if (byte === undefined) return 0;
    const [min, max] = offset === 1 ? [low, high] : [0x80, 0xbf];
    if (byte < min || byte > max) return 0;
  }
  return length;
}
