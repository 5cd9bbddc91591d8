import { RuleEvaluationError } from '../errors';
import type { FunctionSpec } from '../functions';
import { typeName, type RuleValue } from '../values';

/** A lambda argument, ready to call. */
export type Callable = (...args: RuleValue[]) => RuleValue;

/** A function's evaluated arguments, read with the type each parameter needs. */
export class CallArguments {
  constructor(
    private readonly spec: FunctionSpec,
    private readonly values: readonly (RuleValue | Callable)[],
  ) {}

  get functionName(): string {
    return this.spec.name;
  }

  get count(): number {
    return this.values.length;
  }

  has(index: number): boolean {
    return index < this.values.length;
  }

  value(index: number): RuleValue {
    const value = this.values[index];
    if (value === undefined || typeof value === 'function') {
      throw new RuleEvaluationError('bad-argument', `${this.spec.name}: ${this.paramName(index)} is missing`);
    }
    return value;
  }

  /** Arguments from `index` on, for a rest parameter. */
  rest(index: number): RuleValue[] {
    return this.values.slice(index).map((_, offset) => this.value(index + offset));
  }

  text(index: number): string {
    const value = this.value(index);
    if (typeof value !== 'string') throw this.mismatch(index, 'a text');
    return value;
  }

  number(index: number): number {
    const value = this.value(index);
    if (typeof value !== 'number') throw this.mismatch(index, 'a number');
    return value;
  }

  list(index: number): RuleValue[] {
    const value = this.value(index);
    if (!Array.isArray(value)) throw this.mismatch(index, 'a list');
    return value;
  }

  lambda(index: number): Callable {
    const value = this.values[index];
    if (typeof value !== 'function') {
      throw new RuleEvaluationError('bad-argument', `${this.spec.name}: ${this.paramName(index)} must be a lambda`);
    }
    return value;
  }

  /** A type-mismatch error for argument `index`, which should have been `expected`. */
  mismatch(index: number, expected: string): RuleEvaluationError {
    return new RuleEvaluationError(
      'type-mismatch',
      `${this.spec.name}: argument ${index + 1} (${this.paramName(index)}) must be ${expected}, got ${typeName(this.value(index))}`,
    );
  }

  private paramName(index: number): string {
    return this.spec.params[Math.min(index, this.spec.params.length - 1)]?.name ?? `argument ${index + 1}`;
  }
}
