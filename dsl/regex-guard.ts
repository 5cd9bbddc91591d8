import { RuleEvaluationError } from './errors';
import { LIMITS } from './limits';
import { compilePattern, type Instruction } from './regex/compile';
import { findProgramSpans, type PatternSpan } from './regex/find';
import { runProgram } from './regex/run';
import { parsePattern } from './regex/syntax';

/**
 * `$MATCH` without a denial-of-service risk. Patterns and inputs are bounded in length; patterns
 * that backtracking engines blow up on (backreferences, lookarounds, repeated groups holding a
 * quantifier or an alternation, as in `(a+)+` or `(a|aa)+`) are rejected with the reason; and
 * what remains runs on a matcher whose time is linear in the input, never on `RegExp`, and whose
 * work counts against the evaluation's step limit through `charge`.
 */
export function matchesPattern(text: string, pattern: string, charge: (steps: number) => void = () => {}): boolean {
  if (pattern.length > LIMITS.maxPatternLength) {
    throw new RuleEvaluationError(
      'unsafe-regex',
      `unsafe regular expression: pattern of ${pattern.length} characters exceeds the limit of ${LIMITS.maxPatternLength}`,
    );
  }
  if (text.length > LIMITS.maxMatchInputLength) {
    throw new RuleEvaluationError('size-limit', `$MATCH input of ${text.length} characters exceeds the limit of ${LIMITS.maxMatchInputLength}`);
  }
  const program = compilePattern(parsePattern(pattern));
  return runProgram(
    program,
    Array.from(text, (char) => char.codePointAt(0) as number),
    charge,
  );
}

/** A pattern checked and compiled once (a profile's custom redaction), for `findPatternSpans`. */
export interface SafePattern {
  readonly source: string;
  readonly program: readonly Instruction[];
}

/**
 * Checks a pattern by `$MATCH`'s rules (length, no construct that backtracking engines blow up
 * on, a bounded program) and compiles it; throws RuleEvaluationError `unsafe-regex` with the reason.
 */
export function compileSafePattern(pattern: string): SafePattern {
  if (pattern.length > LIMITS.maxPatternLength) {
    throw new RuleEvaluationError(
      'unsafe-regex',
      `unsafe regular expression: pattern of ${pattern.length} characters exceeds the limit of ${LIMITS.maxPatternLength}`,
    );
  }
  return Object.freeze({ source: pattern, program: compilePattern(parsePattern(pattern)) });
}

/**
 * Where a safe pattern matches in a text (leftmost-longest, non-empty, not overlapping), as UTF-16
 * offsets for `String#slice`. Linear per match in the text's length, on the same matcher as `$MATCH`.
 */
export function findPatternSpans(pattern: SafePattern, text: string): PatternSpan[] {
  const codePoints = Array.from(text, (char) => char.codePointAt(0) as number);
  const offsets: number[] = [];
  let offset = 0;
  for (const codePoint of codePoints) {
    offsets.push(offset);
    offset += codePoint > 0xffff ? 2 : 1;
  }
  offsets.push(offset);
  return findProgramSpans(pattern.program, codePoints).map(({ start, end }) => ({ start: offsets[start] as number, end: offsets[end] as number }));
}
