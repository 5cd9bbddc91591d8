import { RuleEvaluationError } from '../errors';
import type { FunctionSpec } from '../functions';
import { addDays, formatIso, formatTime, parseTime } from '../time';
import type { CallArguments } from './arguments';

export const TIME_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: '$TIME',
    params: [],
    apply: (_args, context) => {
      if (context.now === null) {
        throw new RuleEvaluationError('bad-argument', '$TIME: the caller gave no evaluation time (the `now` option)');
      }
      return context.now;
    },
  },
  { name: '$PARSE_TIME', params: [{ name: 'text' }], apply: (args) => formatIso(readTime(args)) },
  {
    name: '$FORMAT_TIME',
    params: [{ name: 'time' }, { name: 'pattern' }],
    apply: (args) => formatTime(readTime(args), args.text(1)),
  },
  {
    name: '$ADD_DATE',
    params: [{ name: 'time' }, { name: 'days' }],
    apply: (args) => {
      const shifted = addDays(readTime(args), args.number(1));
      if (shifted === null) throw new RuleEvaluationError('bad-argument', '$ADD_DATE: the result is out of the range of dates');
      return formatIso(shifted);
    },
  },
];

function readTime(args: CallArguments): number {
  const text = args.text(0);
  const time = parseTime(text);
  if (time === null) {
    const shown = JSON.stringify(text.slice(0, 40));
    throw new RuleEvaluationError('bad-argument', `${args.functionName}: cannot read ${shown} as an ISO-8601 time`);
  }
  return time;
}
