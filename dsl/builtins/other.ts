import { fromHostValue } from '../conversions';
import { RuleEvaluationError } from '../errors';
import type { FunctionSpec } from '../functions';
import type { CallArguments } from './arguments';

const INTEGER_TEXT = /^\s*[+-]?\d+(\.\d+)?\s*$/;
const DECIMAL_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The spec's "Other" functions, apart from the time functions in `time.ts`. */
export const OTHER_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: '$COALESCE',
    params: [{ name: 'values', rest: true }],
    acceptsNull: true,
    apply: (args) => args.rest(0).find((value) => value !== null) ?? null,
  },
  // A decimal text or number is cut toward zero; `+ 0` turns the -0 of Math.trunc(-0.5) into 0.
  { name: '$INTEGER', params: [{ name: 'value' }], apply: (args) => Math.trunc(readNumber(args, INTEGER_TEXT)) + 0 },
  { name: '$DECIMAL', params: [{ name: 'value' }], apply: (args) => readNumber(args, DECIMAL_TEXT) },
  {
    name: '$PARSE_JSON',
    params: [{ name: 'text' }],
    apply: (args) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(args.text(0));
      } catch (error) {
        throw new RuleEvaluationError('bad-argument', `$PARSE_JSON: not valid JSON (${(error as Error).message})`);
      }
      return fromHostValue(parsed);
    },
  },
];

function readNumber(args: CallArguments, accepted: RegExp): number {
  const value = args.value(0);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') throw args.mismatch(0, 'a number or text');
  const number = accepted.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number)) {
    const shown = JSON.stringify(value.slice(0, 40));
    throw new RuleEvaluationError('bad-argument', `${args.functionName}: cannot read ${shown} as a number`);
  }
  return number;
}
