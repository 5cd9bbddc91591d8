import type { BinaryOperator } from './ast';
import { RuleEvaluationError } from './errors';
import { assertWithinSize, deepEqual, isObject, readProperty, typeName, type RuleValue } from './values';

/** Applies a binary operator to evaluated operands; `charge` counts work against the step limit. */
export function applyBinary(operator: BinaryOperator, left: RuleValue, right: RuleValue, charge: (steps: number) => void): RuleValue {
  switch (operator) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case 'in':
      return contains(right, left, charge);
    case 'not in':
      return !contains(right, left, charge);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right);
    case '+':
      return add(left, right);
    case '-':
    case '*':
    case '/':
      return arithmetic(operator, left, right);
  }
}

function contains(container: RuleValue, item: RuleValue, charge: (steps: number) => void): boolean {
  if (container === null) return false;
  if (Array.isArray(container)) {
    charge(container.length);
    return container.some((element) => deepEqual(element, item));
  }
  if (typeof container === 'string' || isObject(container)) {
    if (typeof item !== 'string') {
      const where = typeof container === 'string' ? 'a text' : 'an object';
      throw new RuleEvaluationError('type-mismatch', `IN on ${where} needs a text on the left, got ${typeName(item)}`);
    }
    return typeof container === 'string' ? container.includes(item) : Object.hasOwn(container, item);
  }
  throw new RuleEvaluationError('type-mismatch', `IN needs a list, text or object on the right, got ${typeName(container)}`);
}

function compare(operator: '<' | '<=' | '>' | '>=', left: RuleValue, right: RuleValue): boolean {
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) {
    throw new RuleEvaluationError('type-mismatch', `'${operator}' compares two numbers or two texts, got ${typeName(left)} and ${typeName(right)}`);
  }
  const [a, b] = [left, right] as [number | string, number | string];
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function add(left: RuleValue, right: RuleValue): RuleValue {
  if (typeof left === 'number' && typeof right === 'number') return finite(left + right);
  let joined: RuleValue | undefined;
  if (typeof left === 'string' && typeof right === 'string') joined = left + right;
  else if (Array.isArray(left) && Array.isArray(right)) joined = [...left, ...right];
  if (joined === undefined) {
    throw new RuleEvaluationError('type-mismatch', `'+' adds two numbers or joins two texts or two lists, got ${typeName(left)} and ${typeName(right)}`);
  }
  assertWithinSize(joined);
  return joined;
}

function arithmetic(operator: '-' | '*' | '/', left: RuleValue, right: RuleValue): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new RuleEvaluationError('type-mismatch', `'${operator}' needs two numbers, got ${typeName(left)} and ${typeName(right)}`);
  }
  if (operator === '/' && right === 0) throw new RuleEvaluationError('division-by-zero', 'division by zero');
  return finite(operator === '-' ? left - right : operator === '*' ? left * right : left / right);
}

function finite(result: number): number {
  if (!Number.isFinite(result)) throw new RuleEvaluationError('size-limit', 'number out of range');
  return result;
}

/** `target.name`: a missing attribute, or any attribute of a non-object, reads as NULL. */
export function readMember(target: RuleValue, name: string): RuleValue {
  return isObject(target) ? readProperty(target, name) : null;
}

/** `target[key]`: a text key reads an attribute, a whole number an element (negative from the end). */
export function readIndex(target: RuleValue, key: RuleValue): RuleValue {
  if (typeof key === 'string') return readMember(target, key);
  if (typeof key !== 'number') {
    throw new RuleEvaluationError('type-mismatch', `an index must be a number or a text, got ${typeName(key)}`);
  }
  if (!Number.isInteger(key)) throw new RuleEvaluationError('type-mismatch', `an index must be a whole number, got ${key}`);
  if (Array.isArray(target)) return target.at(key) ?? null;
  if (typeof target === 'string') return Array.from(target).at(key) ?? null;
  return null;
}

/** `target[start:end]` on a list or text, with Python's handling of negative and out-of-range bounds. */
export function readSlice(target: RuleValue, start: RuleValue, end: RuleValue): RuleValue {
  const from = sliceBound(start) ?? 0;
  const to = sliceBound(end) ?? undefined;
  if (target === null) return null;
  if (Array.isArray(target)) return target.slice(from, to);
  if (typeof target === 'string') return Array.from(target).slice(from, to).join('');
  throw new RuleEvaluationError('type-mismatch', `only lists and texts can be sliced, got ${typeName(target)}`);
}

function sliceBound(bound: RuleValue): number | null {
  if (bound === null) return null;
  if (typeof bound !== 'number' || !Number.isInteger(bound)) {
    const got = typeof bound === 'number' ? bound : typeName(bound);
    throw new RuleEvaluationError('type-mismatch', `a slice bound must be a whole number, got ${got}`);
  }
  return bound;
}
