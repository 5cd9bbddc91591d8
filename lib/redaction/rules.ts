import { z } from 'zod';
import { compileSafePattern, RuleEvaluationError } from '../../dsl';

export const BUILT_IN_REDACTIONS = ['card-number', 'ssn', 'iban'] as const;

/** A custom redaction: a pattern bounded like the DSL's `$MATCH`, and the word its marker shows (`[order]`). */
export const CustomRedactionSchema = z
  .object({
    pattern: z
      .string()
      .min(1)
      .superRefine((pattern, ctx) => {
        try {
          compileSafePattern(pattern);
        } catch (error) {
          if (!(error instanceof RuleEvaluationError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
        }
      }),
    label: z.string().regex(/^[a-z0-9][a-z0-9 _-]{0,39}$/, 'is 1 to 40 lowercase letters, digits, spaces, - and _ (it is shown as [label])'),
  })
  .strict();

/** One entry of a profile's `redact` list: a built-in by name, or a custom pattern. */
export const RedactionRuleSchema = z.union([z.enum(BUILT_IN_REDACTIONS), CustomRedactionSchema]);
export type RedactionRule = z.infer<typeof RedactionRuleSchema>;

/** A profile's `redact` list: every built-in or pattern at most once. */
export const RedactionRulesSchema = z
  .array(RedactionRuleSchema)
  .max(20)
  .refine((rules) => new Set(rules.map((rule) => (typeof rule === 'string' ? rule : rule.pattern))).size === rules.length, 'names each redaction at most once');
