import type { CallArguments } from './builtins/arguments';
import { OTHER_FUNCTIONS } from './builtins/other';
import { LIST_FUNCTIONS } from './builtins/lists';
import { TEXT_FUNCTIONS } from './builtins/text';
import { TIME_FUNCTIONS } from './builtins/time';
import type { RuleValue } from './values';

export interface ParameterSpec {
  readonly name: string;
  /** Set when the argument must be a lambda: the number of parameters it takes. */
  readonly lambda?: number;
  readonly optional?: boolean;
  /** Takes this and every further argument (at least one). */
  readonly rest?: boolean;
}

/** What a function may use besides its arguments. */
export interface CallContext {
  /** The evaluation time as an ISO-8601 text, or null when the caller gave none. */
  readonly now: string | null;
  /** Counts work against the evaluation's step limit. */
  charge(steps: number): void;
}

export interface FunctionSpec {
  /** Upper case, with its `$`. */
  readonly name: string;
  readonly params: readonly ParameterSpec[];
  /** Whether NULL as the first argument reaches `apply`; otherwise such a call gives NULL. */
  readonly acceptsNull?: boolean;
  readonly apply: (args: CallArguments, context: CallContext) => RuleValue;
}

/** Every function a rule may call, by upper-case name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  [...TEXT_FUNCTIONS, ...LIST_FUNCTIONS, ...OTHER_FUNCTIONS, ...TIME_FUNCTIONS].map((spec) => [spec.name, spec]),
);

/** Function names are case-insensitive, like keywords. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name.toUpperCase());
}

export interface ArgumentProblem {
  /** The offending argument's index, or null when the count is wrong. */
  readonly argument: number | null;
  readonly problem: string;
}

/**
 * Checks a call's arguments against the function's parameters. `lambdaArities` holds, per
 * argument, the lambda's parameter count, or null for a plain value.
 */
export function checkArguments(spec: FunctionSpec, lambdaArities: readonly (number | null)[]): ArgumentProblem | null {
  const rest = spec.params.some((param) => param.rest);
  const min = spec.params.filter((param) => !param.optional).length;
  const max = rest ? Infinity : spec.params.length;
  if (lambdaArities.length < min || lambdaArities.length > max) {
    const expected = `${describeCount(min, max)}${describeParams(spec)}`;
    return { argument: null, problem: `${spec.name} expects ${expected} but got ${lambdaArities.length}` };
  }
  for (const [index, arity] of lambdaArities.entries()) {
    const param = spec.params[Math.min(index, spec.params.length - 1)] as ParameterSpec;
    const label = `${spec.name} argument ${index + 1} (${param.name})`;
    if (param.lambda !== undefined && arity !== param.lambda) {
      const example = param.lambda === 1 ? 'x => ...' : '(acc, x) => ...';
      const plural = param.lambda === 1 ? '' : 's';
      return { argument: index, problem: `${label} must be a lambda with ${param.lambda} parameter${plural}, such as ${example}` };
    }
    if (param.lambda === undefined && arity !== null) {
      return { argument: index, problem: `${label} must be a value, not a lambda` };
    }
  }
  return null;
}

function describeCount(min: number, max: number): string {
  const plural = (count: number): string => `${count} argument${count === 1 ? '' : 's'}`;
  if (max === 0) return 'no arguments';
  if (max === Infinity) return `at least ${plural(min)}`;
  return min === max ? plural(min) : `${min} to ${plural(max)}`;
}

function describeParams(spec: FunctionSpec): string {
  if (spec.params.length === 0) return '';
  const names = spec.params.map((param) => (param.rest ? `${param.name}...` : param.optional ? `${param.name}?` : param.name));
  return ` (${names.join(', ')})`;
}
