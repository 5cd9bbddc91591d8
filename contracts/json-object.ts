import { z } from 'zod';
import { unsafeTextReason } from './text';

export interface JsonObjectOptions {
  /** Most levels of objects and lists, the object itself being the first. */
  maxDepth: number;
  /** Most issues reported for one object, so a large bad object gets a short answer. @default 20 */
  maxIssues?: number;
}

/**
 * A free-form JSON object of the bot API (`user.attributes`): nested at most `maxDepth` levels,
 * and every key and text in it follows the text rules of `text.ts`. The walk stops at the limit,
 * so a body nested thousands of levels deep costs no more than one at the limit.
 */
export function JsonObject({ maxDepth, maxIssues = 20 }: JsonObjectOptions) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((object, ctx) => {
      let reported = 0;
      const report = (path: PropertyKey[], message: string): boolean => {
        ctx.addIssue({ code: 'custom', path, message });
        return ++reported < maxIssues;
      };
      const walk = (value: unknown, depth: number, path: PropertyKey[]): boolean => {
        if (typeof value === 'string') {
          const reason = unsafeTextReason(value);
          return reason === undefined || report(path, reason);
        }
        if (typeof value !== 'object' || value === null) return true;
        if (depth > maxDepth) {
          report([], `is nested deeper than ${maxDepth} levels of objects and lists`);
          return false;
        }
        if (Array.isArray(value)) return value.every((item, index) => walk(item, depth + 1, [...path, index]));
        return Object.entries(value).every(([key, item]) => {
          const reason = unsafeTextReason(key);
          if (reason !== undefined && !report(path, `has a key that ${reason}`)) return false;
          return walk(item, depth + 1, [...path, key]);
        });
      };
      walk(object, 1, []);
    })
    .describe(
      `Any JSON object, nested at most ${maxDepth} levels of objects and lists; its keys and texts follow the same character rules as every other text.`,
    );
}
