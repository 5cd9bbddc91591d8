import { RuleEvaluationError } from './errors';
import { LIMITS } from './limits';
import { createObject, tooDeep, type RuleValue } from './values';

/**
 * Converts caller data (a payload, a parsed JSON document) into rule values: `undefined`,
 * functions and non-finite numbers become NULL, dates become ISO-8601 texts. Circular data is
 * reported as too deep rather than followed forever.
 */
export function fromHostValue(value: unknown, depth = 0): RuleValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint': {
      const converted = Number(value);
      return Number.isFinite(converted) ? converted : null;
    }
    case 'object':
      if (value === null) return null;
      if (depth >= LIMITS.maxValueDepth) throw tooDeep();
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (Array.isArray(value)) return Array.from(value, (item) => fromHostValue(item, depth + 1));
      return createObject(Object.entries(value).map(([key, item]) => [key, fromHostValue(item, depth + 1)] as const));
    default:
      return null;
  }
}

/** The text form of a value: texts as they are, NULL as `""`, anything else as compact JSON. */
export function toText(value: RuleValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  const parts: string[] = [];
  writeJson(value, parts, { length: 0 }, 0);
  return parts.join('');
}

function writeJson(value: RuleValue, parts: string[], written: { length: number }, depth: number): void {
  const emit = (part: string): void => {
    written.length += part.length;
    if (written.length > LIMITS.maxTextLength) {
      throw new RuleEvaluationError('size-limit', `text form exceeds the limit of ${LIMITS.maxTextLength} characters`);
    }
    parts.push(part);
  };
  if (value === null || typeof value !== 'object') {
    emit(JSON.stringify(value));
    return;
  }
  if (depth >= LIMITS.maxValueDepth) throw tooDeep();
  if (Array.isArray(value)) {
    emit('[');
    value.forEach((item, index) => {
      if (index > 0) emit(',');
      writeJson(item, parts, written, depth + 1);
    });
    emit(']');
    return;
  }
  emit('{');
  Object.keys(value).forEach((key, index) => {
    if (index > 0) emit(',');
    emit(`${JSON.stringify(key)}:`);
    writeJson(value[key] ?? null, parts, written, depth + 1);
  });
  emit('}');
}
