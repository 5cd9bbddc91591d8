import { RuleEvaluationError } from './errors';
import { LIMITS } from './limits';
import { compilePattern } from './regex/compile';
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
