import type { FunctionSpec } from '../functions';
import { isObject, isTruthy } from '../values';
import type { Callable } from './arguments';

export const LIST_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: '$LENGTH',
    params: [{ name: 'value' }],
    acceptsNull: true,
    apply: (args) => {
      const value = args.value(0);
      if (value === null) return 0;
      if (typeof value === 'string') return Array.from(value).length;
      if (Array.isArray(value)) return value.length;
      if (isObject(value)) return Object.keys(value).length;
      throw args.mismatch(0, 'a list, text or object');
    },
  },
  {
    name: '$MAP',
    params: [{ name: 'list' }, { name: 'function', lambda: 1 }],
    apply: (args) => {
      const transform = args.lambda(1);
      return args.list(0).map((item) => transform(item));
    },
  },
  {
    name: '$FILTER',
    params: [{ name: 'list' }, { name: 'predicate', lambda: 1 }],
    apply: (args) => {
      const predicate = args.lambda(1);
      return args.list(0).filter((item) => isTruthy(predicate(item)));
    },
  },
  {
    name: '$ANY',
    params: [{ name: 'list' }, { name: 'predicate', lambda: 1, optional: true }],
    apply: (args) => {
      const predicate: Callable = args.has(1) ? args.lambda(1) : (item) => item ?? null;
      return args.list(0).some((item) => isTruthy(predicate(item)));
    },
  },
  {
    name: '$ALL',
    params: [{ name: 'list' }, { name: 'predicate', lambda: 1, optional: true }],
    apply: (args) => {
      const predicate: Callable = args.has(1) ? args.lambda(1) : (item) => item ?? null;
      return args.list(0).every((item) => isTruthy(predicate(item)));
    },
  },
  {
    name: '$FIND',
    params: [{ name: 'list' }, { name: 'predicate', lambda: 1 }],
    apply: (args) => {
      const predicate = args.lambda(1);
      return args.list(0).find((item) => isTruthy(predicate(item))) ?? null;
    },
  },
  {
    name: '$REDUCE',
    params: [{ name: 'list' }, { name: 'reducer', lambda: 2 }, { name: 'initial' }],
    apply: (args) => {
      const reducer = args.lambda(1);
      return args.list(0).reduce((accumulator, item) => reducer(accumulator, item), args.value(2));
    },
  },
];
