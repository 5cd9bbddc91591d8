import type { CallExpr, Expr, Lambda } from './ast';
import { CallArguments, type Callable } from './builtins/arguments';
import { RuleEvaluationError } from './errors';
import { checkArguments, lookupFunction, type CallContext } from './functions';
import { LIMITS } from './limits';
import { applyBinary, readIndex, readMember, readSlice } from './operators';
import { assertWithinSize, createObject, isTruthy, readProperty, typeName, type RuleObject, type RuleValue } from './values';

export interface EvaluationSettings {
  /** The evaluation time as an ISO-8601 text, for `$TIME()`; null when the caller gave none. */
  readonly now: string | null;
  readonly maxSteps: number;
}

export interface Evaluated {
  readonly value: RuleValue;
  /** Steps used; never more than `maxSteps`. */
  readonly steps: number;
}

/** Lambda parameters in scope; they shadow payload keys. */
type Scope = ReadonlyMap<string, RuleValue>;

const NO_PARAMETERS: Scope = new Map();

/**
 * Evaluates an expression against a payload. Pure: it reads nothing but its arguments, and every
 * node, lambda call and list element costs a step, so it stops within `maxSteps`.
 * Throws RuleEvaluationError.
 */
export function evaluateExpression(expr: Expr, payload: RuleObject, settings: EvaluationSettings): Evaluated {
  const evaluation = new Evaluation(payload, settings);
  const value = evaluation.evaluate(expr, NO_PARAMETERS, 1);
  return { value, steps: evaluation.steps };
}

class Evaluation implements CallContext {
  steps = 0;
  readonly now: string | null;

  constructor(
    private readonly payload: RuleObject,
    private readonly settings: EvaluationSettings,
  ) {
    this.now = settings.now;
  }

  charge(steps: number): void {
    if (this.steps + steps > this.settings.maxSteps) {
      this.steps = this.settings.maxSteps;
      throw new RuleEvaluationError('step-limit', `the rule needs more than ${this.settings.maxSteps} evaluation steps`);
    }
    this.steps += steps;
  }

  evaluate(expr: Expr, scope: Scope, depth: number): RuleValue {
    try {
      if (depth > LIMITS.maxDepth) {
        throw new RuleEvaluationError('depth-limit', `expression nested deeper than ${LIMITS.maxDepth} levels`);
      }
      this.charge(1);
      return this.evaluateNode(expr, scope, depth);
    } catch (error) {
      throw error instanceof RuleEvaluationError ? error.at(expr.position) : error;
    }
  }

  private evaluateNode(expr: Expr, scope: Scope, depth: number): RuleValue {
    const below = (child: Expr): RuleValue => this.evaluate(child, scope, depth + 1);
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'identifier':
        return scope.has(expr.name) ? (scope.get(expr.name) ?? null) : readProperty(this.payload, expr.name);
      case 'list':
        return expr.items.map(below);
      case 'object':
        return createObject(expr.entries.map((entry) => [this.objectKey(below(entry.key)), below(entry.value)] as const));
      case 'member':
        return readMember(below(expr.target), expr.property);
      case 'index':
        return readIndex(below(expr.target), below(expr.index));
      case 'slice':
        return readSlice(below(expr.target), expr.start === null ? null : below(expr.start), expr.end === null ? null : below(expr.end));
      case 'call':
        return this.call(expr, scope, depth);
      case 'not':
        return !isTruthy(below(expr.operand));
      case 'binary':
        return applyBinary(expr.operator, below(expr.left), below(expr.right), (steps) => this.charge(steps));
      case 'logical':
        return this.logical(expr.operator, expr.operands, below);
      case 'conditional':
        return isTruthy(below(expr.test)) ? below(expr.consequent) : below(expr.alternate);
    }
  }

  // Like Python: the first operand that decides the result is the result.
  private logical(operator: 'and' | 'or', operands: readonly Expr[], below: (child: Expr) => RuleValue): RuleValue {
    let value: RuleValue = null;
    for (const operand of operands) {
      value = below(operand);
      if (isTruthy(value) === (operator === 'or')) return value;
    }
    return value;
  }

  private objectKey(key: RuleValue): string {
    if (typeof key !== 'string') {
      throw new RuleEvaluationError('type-mismatch', `object keys must be texts, got ${typeName(key)}`);
    }
    return key;
  }

  private call(expr: CallExpr, scope: Scope, depth: number): RuleValue {
    const spec = lookupFunction(expr.name);
    if (!spec) throw new RuleEvaluationError('bad-argument', `unknown function '${expr.name}'`);
    const problem = checkArguments(
      spec,
      expr.args.map((arg) => (arg.kind === 'lambda' ? arg.params.length : null)),
    );
    if (problem) throw new RuleEvaluationError('bad-argument', problem.problem);
    const values = expr.args.map((arg) => (arg.kind === 'lambda' ? this.callable(arg, scope, depth + 1) : this.evaluate(arg, scope, depth + 1)));
    if (values[0] === null && !spec.acceptsNull) return null;
    const result = spec.apply(new CallArguments(spec, values), this);
    assertWithinSize(result);
    return result;
  }

  private callable(lambda: Lambda, scope: Scope, depth: number): Callable {
    return (...args) => {
      this.charge(1);
      const inner = new Map(scope);
      lambda.params.forEach((param, index) => inner.set(param, args[index] ?? null));
      return this.evaluate(lambda.body, inner, depth);
    };
  }
}
