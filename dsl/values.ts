import { RuleEvaluationError } from './errors';
import { LIMITS } from './limits';

export type RuleValue = null | boolean | number | string | RuleValue[] | { [key: string]: RuleValue };
export type RuleObject = { [key: string]: RuleValue };

export type TypeName = 'NULL' | 'boolean' | 'number' | 'text' | 'list' | 'object';

export function typeName(value: RuleValue): TypeName {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'text';
    default:
      return 'object';
  }
}

export function isObject(value: RuleValue): value is RuleObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Falsy: `""`, `0`, `NULL`, `FALSE`, `[]` and `{}`; everything else is truthy. */
export function isTruthy(value: RuleValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** An own property of `object`, or NULL: inherited names such as `constructor` are not data. */
export function readProperty(object: RuleObject, key: string): RuleValue {
  return Object.hasOwn(object, key) ? (object[key] ?? null) : null;
}

/** Builds an object from entries; defining (not assigning) keeps a `__proto__` key an ordinary key. */
export function createObject(entries: Iterable<readonly [string, RuleValue]>): RuleObject {
  const object: RuleObject = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Deep equality; values of different types are never equal. */
export function deepEqual(left: RuleValue, right: RuleValue, depth = 0): boolean {
  if (left === right) return true;
  if (depth > LIMITS.maxValueDepth) throw tooDeep();
  if (Array.isArray(left)) {
    return Array.isArray(right) && left.length === right.length && left.every((item, index) => deepEqual(item, right[index] ?? null, depth + 1));
  }
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key] ?? null, right[key] ?? null, depth + 1))
    );
  }
  return false;
}

/** Throws when a computed text or list is larger than the limits allow. */
export function assertWithinSize(value: RuleValue): void {
  if (typeof value === 'string' && value.length > LIMITS.maxTextLength) {
    throw new RuleEvaluationError('size-limit', `text of ${value.length} characters exceeds the limit of ${LIMITS.maxTextLength}`);
  }
  if (Array.isArray(value) && value.length > LIMITS.maxListLength) {
    throw new RuleEvaluationError('size-limit', `list of ${value.length} elements exceeds the limit of ${LIMITS.maxListLength}`);
  }
}

/** Throws when `value` nests lists and objects deeper than the limit. */
export function assertWithinDepth(value: RuleValue, depth = 0): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth >= LIMITS.maxValueDepth) throw tooDeep();
  for (const item of Array.isArray(value) ? value : Object.values(value)) assertWithinDepth(item, depth + 1);
}

export function tooDeep(): RuleEvaluationError {
  return new RuleEvaluationError('depth-limit', `value nested deeper than ${LIMITS.maxValueDepth} levels`);
}
