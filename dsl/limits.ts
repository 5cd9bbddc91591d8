/** The bounds that keep any rule, whatever its source or payload, from crashing or hanging its caller. */
export const LIMITS = {
  /** Characters in a rule's source. */
  maxSourceLength: 10_000,
  /** Nesting of expressions, both when parsing and when evaluating. */
  maxDepth: 64,
  /** Evaluation steps when the caller sets none. */
  defaultMaxSteps: 10_000,
  /** Characters in any text a rule computes. */
  maxTextLength: 100_000,
  /** Elements in any list (or keys in any object) a rule computes. */
  maxListLength: 10_000,
  /** Nesting of lists and objects in values, including the payload. */
  maxValueDepth: 100,
  /** Characters in a `$MATCH` pattern. */
  maxPatternLength: 200,
  /** Characters in the text a `$MATCH` pattern runs against. */
  maxMatchInputLength: 10_000,
  /** Matcher states a `$MATCH` pattern may expand to (counted repetition multiplies them). */
  maxPatternStates: 2_000,
} as const;
