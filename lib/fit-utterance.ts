const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text as user-perceived characters, so a cut never splits an emoji, a flag or an accent. */
export function charactersOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * Builds with the longest prefix of `utterance` (whole characters) for which `fits` holds, by
 * binary search; a longer prefix never makes the result smaller. Undefined when not even an empty
 * utterance fits.
 */
export function buildWithFittingUtterance<T>(utterance: string, build: (cut: string) => T, fits: (built: T) => boolean): T | undefined {
  const whole = build(utterance);
  if (fits(whole)) return whole;
  const characters = charactersOf(utterance);
  let low = 0;
  let high = characters.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(build(characters.slice(0, mid).join('')))) low = mid;
    else high = mid - 1;
  }
  const best = build(characters.slice(0, low).join(''));
  return fits(best) ? best : undefined;
}

/** The longest prefix of `text` of at most `max` characters. */
export function cutToCharacters(text: string, max: number): string {
  const characters = charactersOf(text);
  return characters.length <= max ? text : characters.slice(0, max).join('');
}

/** The longest prefix of `text` (whole characters) of at most `maxBytes` UTF-8 bytes. */
export function cutToUtf8Bytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let cut = '';
  for (const character of charactersOf(text)) {
    bytes += Buffer.byteLength(character);
    if (bytes > maxBytes) break;
    cut += character;
  }
  return cut;
}
