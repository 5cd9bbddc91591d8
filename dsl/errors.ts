import type { SourcePosition } from './ast';

export const END_OF_INPUT = 'end of input';

/**
 * Thrown when a rule's source is not a valid rule: an unexpected token, an unknown function, a
 * wrong number or kind of arguments, a name the payload never has, or a rule longer or more
 * deeply nested than the limits.
 *
 * `expected` lists what would have been accepted: tokens as written (`')'`, `'THEN'`) and
 * descriptions starting in lower case (`an expression`, `end of input`), or the names a rule may
 * read where it has an unknown one; it is empty when the problem is not a missing token.
 */
export class RuleSyntaxError extends Error {
  override readonly name = 'RuleSyntaxError';
  readonly line: number;
  readonly column: number;
  readonly found: string;
  readonly expected: readonly string[];

  constructor(position: SourcePosition, found: string, expected: readonly string[], problem?: string) {
    super(`line ${position.line}, column ${position.column}: ${problem ?? describeMismatch(expected, found)}`);
    this.line = position.line;
    this.column = position.column;
    this.found = found;
    this.expected = expected;
  }
}

export type EvaluationErrorCode =
  'type-mismatch' | 'bad-argument' | 'division-by-zero' | 'step-limit' | 'size-limit' | 'depth-limit' | 'unsafe-regex' | 'internal';

/**
 * Thrown when evaluating a compiled rule fails: operands of the wrong type, a bad function
 * argument, a division by zero, an unsafe `$MATCH` pattern, or a limit reached. `evaluateRule`
 * returns it in its outcome instead of throwing.
 */
export class RuleEvaluationError extends Error {
  override readonly name = 'RuleEvaluationError';
  readonly code: EvaluationErrorCode;
  /** The message without its position prefix. */
  readonly detail: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: EvaluationErrorCode, detail: string, position?: SourcePosition) {
    super(position ? `line ${position.line}, column ${position.column}: ${detail}` : detail);
    this.code = code;
    this.detail = detail;
    this.line = position?.line;
    this.column = position?.column;
  }

  /** This error, located at `position` unless it already has a location. */
  at(position: SourcePosition): RuleEvaluationError {
    return this.line === undefined ? new RuleEvaluationError(this.code, this.detail, position) : this;
  }
}

export function quoteFound(found: string): string {
  if (found === END_OF_INPUT) return found;
  return `'${found.length > 40 ? `${found.slice(0, 37)}...` : found}'`;
}

function describeMismatch(expected: readonly string[], found: string): string {
  const items = expected.map((item) => (/^[a-z]/.test(item) ? item : `'${item}'`));
  const alternatives = items.length <= 1 ? (items[0] ?? 'something else') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
  return `expected ${alternatives} but found ${quoteFound(found)}`;
}
