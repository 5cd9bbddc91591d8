import { expect } from 'vitest';
import type { Argument, Expr } from '../../dsl/ast';
import {
  compileRule,
  evaluateRule,
  RuleEvaluationError,
  RuleSyntaxError,
  type CompiledRule,
  type EvaluationOptions,
  type RuleOutcome,
  type RuleValue,
} from '../../dsl/index';

export const NOW = '2024-02-28T10:00:00.000Z';

/**
 * Compiles a rule that may read any name: these tests try the language on payloads of their own
 * (`a`, `items`, `form_id`), not the handoff's (see payload-roots.test.ts for that check).
 */
export function compileAny(source: string): CompiledRule {
  return compileRule(source, { roots: 'any' });
}

export function run(source: string, payload: Record<string, unknown> = {}, options: EvaluationOptions = {}): RuleOutcome {
  return evaluateRule(compileAny(source), payload, { now: NOW, ...options });
}

/** The rule's value; fails the test when evaluation fails. */
export function valueOf(source: string, payload: Record<string, unknown> = {}, options: EvaluationOptions = {}): RuleValue {
  const outcome = run(source, payload, options);
  if (!outcome.ok) throw new Error(`expected a value from ${source} but got: ${outcome.error.message}`);
  return outcome.value;
}

/** The evaluation error; fails the test when evaluation succeeds. */
export function evaluationErrorOf(source: string, payload: Record<string, unknown> = {}, options: EvaluationOptions = {}): RuleEvaluationError {
  const outcome = run(source, payload, options);
  if (outcome.ok) throw new Error(`expected ${source} to fail but it gave ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(RuleEvaluationError);
  return outcome.error;
}

/** The syntax error compileRule throws; fails the test when it compiles. */
export function syntaxErrorOf(source: string): RuleSyntaxError {
  try {
    compileAny(source);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSyntaxError);
    return error as RuleSyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

const OPERATOR_TEXT: Record<string, string> = { in: 'IN', 'not in': 'NOT IN', and: 'AND', or: 'OR' };

/** DSL source for an AST with every subexpression parenthesised, so grouping is explicit. */
export function show(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      if (expr.value === null) return 'NULL';
      if (typeof expr.value === 'boolean') return expr.value ? 'TRUE' : 'FALSE';
      if (typeof expr.value === 'number') return String(expr.value);
      return `"${expr.value.replace(/[\\"]/g, '\\$&')}"`;
    case 'identifier':
      return expr.name;
    case 'list':
      return `[${expr.items.map(show).join(', ')}]`;
    case 'object':
      return `{${expr.entries.map((entry) => `${show(entry.key)}: ${show(entry.value)}`).join(', ')}}`;
    case 'member':
      return `(${show(expr.target)}).${expr.property}`;
    case 'index':
      return `(${show(expr.target)})[${show(expr.index)}]`;
    case 'slice':
      return `(${show(expr.target)})[${expr.start ? show(expr.start) : ''}:${expr.end ? show(expr.end) : ''}]`;
    case 'call':
      return `${expr.name}(${expr.args.map(showArgument).join(', ')})`;
    case 'not':
      return `(NOT ${show(expr.operand)})`;
    case 'binary':
      return `(${show(expr.left)} ${OPERATOR_TEXT[expr.operator] ?? expr.operator} ${show(expr.right)})`;
    case 'logical':
      return `(${expr.operands.map(show).join(` ${OPERATOR_TEXT[expr.operator]} `)})`;
    case 'conditional':
      return `(IF ${show(expr.test)} THEN ${show(expr.consequent)} ELSE ${show(expr.alternate)})`;
  }
}

function showArgument(arg: Argument): string {
  if (arg.kind !== 'lambda') return show(arg);
  const params = arg.params.length === 1 ? arg.params[0] : `(${arg.params.join(', ')})`;
  return `${params} => (${show(arg.body)})`;
}

/** The grouping the parser chose for `source`, as fully parenthesised source. */
export function grouping(source: string): string {
  return show(compileAny(source).ast);
}

/** An AST without source positions, for comparing structure. */
export function withoutPositions(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'position' ? undefined : item)));
}
