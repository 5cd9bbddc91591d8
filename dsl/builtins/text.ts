import { toText } from '../conversions';
import { RuleEvaluationError } from '../errors';
import type { FunctionSpec } from '../functions';
import { LIMITS } from '../limits';
import { matchesPattern } from '../regex-guard';
import { assertWithinSize } from '../values';

export const TEXT_FUNCTIONS: readonly FunctionSpec[] = [
  { name: '$LOWERCASE', params: [{ name: 'text' }], apply: (args) => args.text(0).toLowerCase() },
  { name: '$UPPERCASE', params: [{ name: 'text' }], apply: (args) => args.text(0).toUpperCase() },
  { name: '$TRIM', params: [{ name: 'text' }], apply: (args) => args.text(0).trim() },
  {
    name: '$CONCAT',
    params: [{ name: 'list' }, { name: 'separator', optional: true }],
    apply: (args, context) => {
      const list = args.list(0);
      context.charge(list.length);
      return joinWithinLimit(list.map(toText), args.has(1) ? args.text(1) : '');
    },
  },
  {
    name: '$SPLIT',
    params: [{ name: 'text' }, { name: 'separator' }],
    apply: (args, context) => {
      const text = args.text(0);
      const separator = args.text(1);
      const parts = separator === '' ? Array.from(text) : text.split(separator);
      assertWithinSize(parts);
      context.charge(parts.length);
      return parts;
    },
  },
  {
    name: '$REPLACE',
    params: [{ name: 'text' }, { name: 'search' }, { name: 'replacement' }],
    apply: (args) => {
      const search = args.text(1);
      if (search === '') throw new RuleEvaluationError('bad-argument', '$REPLACE: search must not be empty');
      return joinWithinLimit(args.text(0).split(search), args.text(2));
    },
  },
  { name: '$STARTS_WITH', params: [{ name: 'text' }, { name: 'prefix' }], apply: (args) => args.text(0).startsWith(args.text(1)) },
  { name: '$ENDS_WITH', params: [{ name: 'text' }, { name: 'suffix' }], apply: (args) => args.text(0).endsWith(args.text(1)) },
  {
    name: '$MATCH',
    params: [{ name: 'text' }, { name: 'pattern' }],
    apply: (args, context) => matchesPattern(args.text(0), args.text(1), (steps) => context.charge(steps)),
  },
  { name: '$TEXT', params: [{ name: 'value' }], acceptsNull: true, apply: (args) => toText(args.value(0)) },
  {
    name: '$URLENCODE',
    params: [{ name: 'text' }],
    apply: (args) => {
      try {
        return encodeURIComponent(args.text(0));
      } catch {
        throw new RuleEvaluationError('bad-argument', '$URLENCODE: text contains an unpaired surrogate');
      }
    },
  },
];

// Checks the total before joining, so that many large parts never build an oversized text.
function joinWithinLimit(parts: readonly string[], separator: string): string {
  const length = parts.reduce((total, part) => total + part.length, 0) + separator.length * Math.max(parts.length - 1, 0);
  if (length > LIMITS.maxTextLength) {
    throw new RuleEvaluationError('size-limit', `text of ${length} characters exceeds the limit of ${LIMITS.maxTextLength}`);
  }
  return parts.join(separator);
}
