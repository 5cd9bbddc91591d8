/**
 * The trigger-rule language (see the spec in trigger-rule-dsl.md). Pure: no Node built-ins, no
 * clock, no `eval`, so workflow code may import it. Compile once when the configuration loads;
 * evaluate as often as needed.
 */
import type { Expr } from './ast';
import { fromHostValue } from './conversions';
import { RuleEvaluationError, RuleSyntaxError } from './errors';
import { evaluateExpression } from './evaluator';
import { assertKnownNames, readsRoot as readsRootOf } from './known-names';
import { LIMITS } from './limits';
import { parseRule } from './parser';
import { ROUTE_RULE_ROOTS, TRIGGER_RULE_ROOTS } from './payload-roots';
import { formatIso, parseTime } from './time';
import { assertWithinDepth, isObject, isTruthy, type RuleValue } from './values';

export type { RuleValue } from './values';
export type { Expr } from './ast';
export type { EvaluationErrorCode } from './errors';
export type { TriggerRuleRoot } from './payload-roots';
export { RuleSyntaxError, RuleEvaluationError, isTruthy, TRIGGER_RULE_ROOTS, ROUTE_RULE_ROOTS };
export { compileSafePattern, findPatternSpans, type SafePattern } from './regex-guard';
export type { PatternSpan } from './regex/find';

export interface CompiledRule {
  readonly source: string;
  readonly ast: Expr;
}

export interface CompileOptions {
  /**
   * The names a rule may start a path with, besides the parameters of the lambdas around them.
   * Any other name is a RuleSyntaxError with a hint (`did you mean "Sales"?`); `'any'` allows
   * every name, for payloads other than the handoff's.
   * @default TRIGGER_RULE_ROOTS
   */
  roots?: readonly string[] | 'any';
}

export interface EvaluationOptions {
  /** The time `$TIME()` returns, as a Date or an ISO-8601 text. Without it `$TIME()` fails. */
  now?: Date | string;
  /**
   * The most evaluation steps (nodes, lambda calls, list elements visited) a rule may take.
   * @default 10000
   */
  maxSteps?: number;
}

export type RuleOutcome = { ok: true; value: RuleValue; offered: boolean } | { ok: false; error: RuleEvaluationError };

/**
 * Parses a rule and checks that it reads only names it can have (see `CompileOptions.roots`).
 * Throws RuleSyntaxError with the line, column and what was expected.
 */
export function compileRule(source: string, options: CompileOptions = {}): CompiledRule {
  if (typeof source !== 'string') {
    throw new RuleSyntaxError({ offset: 0, line: 1, column: 1 }, typeof source, ['a text'], 'a rule must be a text');
  }
  const ast = parseRule(source);
  const roots = options.roots ?? TRIGGER_RULE_ROOTS;
  if (roots !== 'any') assertKnownNames(ast, roots);
  return Object.freeze({ source, ast });
}

/** Whether a compiled rule reads the payload name `root` (outside lambda parameters of that name), e.g. `availability`. */
export function readsRoot(rule: CompiledRule, root: string): boolean {
  return readsRootOf(rule.ast, root);
}

/** Evaluates a compiled rule against a payload. Never throws: failures come back as `ok: false`. */
export function evaluateRule(rule: CompiledRule, payload: Record<string, unknown>, options: EvaluationOptions = {}): RuleOutcome {
  try {
    const data = fromHostValue(payload);
    if (!isObject(data)) throw new RuleEvaluationError('bad-argument', 'the payload must be an object');
    const { value } = evaluateExpression(rule.ast, data, {
      now: resolveNow(options.now),
      maxSteps: resolveMaxSteps(options.maxSteps),
    });
    // Lists nested by $REDUCE could otherwise overflow the caller's own JSON.stringify.
    assertWithinDepth(value);
    return { ok: true, value, offered: isTruthy(value) };
  } catch (error) {
    return { ok: false, error: asEvaluationError(error) };
  }
}

function resolveNow(now: Date | string | undefined): string | null {
  if (now === undefined) return null;
  const epochMs = now instanceof Date ? now.getTime() : typeof now === 'string' ? parseTime(now) : null;
  if (epochMs === null || !Number.isFinite(epochMs)) {
    throw new RuleEvaluationError('bad-argument', 'the `now` option is not a valid time');
  }
  return formatIso(epochMs);
}

function resolveMaxSteps(maxSteps: number | undefined): number {
  if (maxSteps === undefined) return LIMITS.defaultMaxSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new RuleEvaluationError('bad-argument', 'the `maxSteps` option must be a positive whole number');
  }
  return maxSteps;
}

// Anything else escaping the evaluator (a stack overflow, a payload getter that throws) is still
// reported, not thrown: a rule must never crash its caller.
function asEvaluationError(error: unknown): RuleEvaluationError {
  if (error instanceof RuleEvaluationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RuleEvaluationError('internal', `unexpected failure while evaluating the rule: ${message}`);
}
