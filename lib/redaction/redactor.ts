/**
 * A profile's redactions, compiled once: each replaces what it finds with its marker
 * (`[card number]`, `[ssn]`, `[iban]`, `[<label>]`). Pure, so the API's edge and any other step
 * may run it; the API runs it on every user text before the text enters workflow history.
 */
import { compileSafePattern, findPatternSpans } from '../../dsl';
import { findCardNumbers, findIbans, findSsns } from './detectors';
import type { RedactionRule } from './rules';
import type { TextSpan } from './spans';

export interface Redactor {
  /** The text with every finding replaced by its marker. */
  text(text: string): string;
  /** The markers this redactor writes, for a page that points them out. */
  readonly markers: readonly string[];
}

interface Finder {
  marker: string;
  find(text: string): TextSpan[];
}

const BUILT_INS: Readonly<Record<string, Finder>> = {
  'card-number': { marker: '[card number]', find: findCardNumbers },
  ssn: { marker: '[ssn]', find: findSsns },
  iban: { marker: '[iban]', find: findIbans },
};

export function createRedactor(rules: readonly RedactionRule[]): Redactor {
  const finders = rules.map((rule): Finder => {
    if (typeof rule === 'string') return BUILT_INS[rule] as Finder;
    const pattern = compileSafePattern(rule.pattern);
    return { marker: `[${rule.label}]`, find: (text) => findPatternSpans(pattern, text) };
  });
  return {
    markers: [...new Set(finders.map((finder) => finder.marker))],
    text: (text) => finders.reduce((redacted, finder) => replaceSpans(redacted, finder.find(redacted), finder.marker), text),
  };
}

/** Redacts nothing: a profile without `redact`. */
export const NO_REDACTION: Redactor = createRedactor([]);

function replaceSpans(text: string, spans: readonly TextSpan[], marker: string): string {
  if (spans.length === 0) return text;
  let result = '';
  let from = 0;
  for (const { start, end } of spans) {
    result += text.slice(from, start) + marker;
    from = end;
  }
  return result + text.slice(from);
}
