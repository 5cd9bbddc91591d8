import { z } from 'zod';

/** A form field people may leave empty: trimmed, at most `max` characters, and absent when blank. */
export function optionalFormText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);
}
