/**
 * The rules every text of the bot API follows, in one place: no C0 control characters but tab,
 * newline and carriage return (a NUL would reach workflow ids, SQLite and ticket systems), and no
 * lone UTF-16 surrogates (they have no UTF-8 form, so each store would write something else).
 * Lengths count UTF-16 code units, as every store downstream does.
 *
 * The control-character rule is a regular expression, so the OpenAPI document carries it as a
 * `pattern`. The surrogate rule is checked in code only: a pattern naming surrogates compiles in
 * no regex engine that works on Unicode scalar values (Rust's, which fuzzers validate with), and
 * there a lone surrogate cannot even be decoded; the document says it in words.
 */
import { z } from 'zod';

const CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F';
/** What JavaScript's `String.prototype.trim` removes, spelled out so every regex dialect reads it alike. */
const WHITESPACE = '\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';

export const SAFE_TEXT_PATTERN = new RegExp(`^[^${CONTROLS}]*$`);
/** Found (unanchored) in any text that shows something: one character that is neither a control nor whitespace. */
export const VISIBLE_CHARACTER_PATTERN = new RegExp(`[^${CONTROLS}${WHITESPACE}]`);
/**
 * Both rules in one anchored pattern, for the OpenAPI document only: a generator draws from one
 * pattern far better than from two. Never run here: on a long text that ends in a control
 * character it backtracks quadratically, where the two above are linear.
 */
export const VISIBLE_TEXT_DOCUMENT_PATTERN = `^[^${CONTROLS}]*[^${CONTROLS}${WHITESPACE}][^${CONTROLS}]*$`;

/** Why `text` breaks the rules, naming the first offending character and where it is; undefined when it does not. */
export function unsafeTextReason(text: string): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) {
      return `contains the control character ${codePoint(unit)} at index ${index}; only tab, newline and carriage return are allowed`;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      return `contains a lone UTF-16 surrogate ${codePoint(unit)} at index ${index}`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return `contains a lone UTF-16 surrogate ${codePoint(unit)} at index ${index}`;
  }
  return undefined;
}

function codePoint(unit: number): string {
  return `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface SafeTextOptions {
  /** Most UTF-16 code units. */
  max: number;
  /** Refuse an empty text or one of only whitespace. @default false */
  visible?: boolean;
}

/** For `.regex(SAFE_TEXT_PATTERN, UNSAFE_TEXT)` on string formats (URLs): the message names the offending character. */
export const UNSAFE_TEXT = {
  error: (issue: { input?: unknown }) => unsafeTextReason(String(issue.input)) ?? 'contains characters the API does not take',
};

/** With the `u` flag a well-formed pair reads as one code point above U+FFFF, so only a lone surrogate matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** True when every surrogate in `text` is half of a pair. */
export function hasNoLoneSurrogate(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** A text field of the bot API: safe characters, at most `max` code units, and something to show when `visible`. */
export function SafeText({ max, visible = false }: SafeTextOptions) {
  const text = z.string().max(max).regex(SAFE_TEXT_PATTERN, UNSAFE_TEXT).refine(hasNoLoneSurrogate, UNSAFE_TEXT);
  if (!visible) return text;
  return text
    .min(1, { abort: true })
    .regex(VISIBLE_CHARACTER_PATTERN, { error: 'must contain a character other than whitespace' })
    .meta({ pattern: VISIBLE_TEXT_DOCUMENT_PATTERN });
}

export interface SafeUrlOptions {
  /** Most UTF-16 code units. */
  max: number;
  /** Only http and https. @default false */
  web?: boolean;
}

/** A URL field: what `z.url()` takes under the text rules; the document's pattern also states the scheme. */
export function SafeUrl({ max, web = false }: SafeUrlOptions) {
  // An http(s) URL names a host: something not blank nor a delimiter right after `//`.
  const scheme = web ? '[Hh][Tt][Tt][Pp][Ss]?://[^\\u0000-\\u0020/?#]' : '[A-Za-z][A-Za-z0-9+.\\-]*:';
  return (web ? z.url({ protocol: /^https?$/ }) : z.url())
    .max(max)
    .regex(SAFE_TEXT_PATTERN, UNSAFE_TEXT)
    .refine(hasNoLoneSurrogate, UNSAFE_TEXT)
    .meta({ format: 'uri', pattern: `^${scheme}[^${CONTROLS}]*$` });
}
