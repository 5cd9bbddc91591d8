/**
 * The small JSON path language of `generic-api` response mappings: `$.data.joinUrl`,
 * `$.items[0].url`, `$['odd key']` (the leading `$.` may be left out). No wildcards or filters.
 */
import { z } from 'zod';

export type JsonPathSegment = string | number;

const SEGMENT = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/** The segments of a path, or undefined when it is not one. */
export function parseJsonPath(path: string): JsonPathSegment[] | undefined {
  const source = path.startsWith('$') ? path.slice(1) : `.${path}`;
  const segments: JsonPathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < source.length) {
    const at = SEGMENT.lastIndex;
    const match = SEGMENT.exec(source);
    if (!match || match.index !== at) return undefined;
    const [, name, index, single, double] = match;
    segments.push(index !== undefined ? Number(index) : (name ?? single ?? double)!);
  }
  return segments;
}

/** The value at `segments`, or undefined when any step is missing. */
export function readJsonPath(value: unknown, segments: readonly JsonPathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

export const JsonPathSchema = z
  .string()
  .min(1)
  .max(300)
  .refine((path) => parseJsonPath(path) !== undefined, 'is not a JSON path like $.data.joinUrl or $.items[0].url');
