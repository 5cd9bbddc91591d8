/**
 * The names a handoff's trigger rule may start a path with: the keys of the payload that
 * `rulePayload` (activities/rule-verdict.ts) builds, checked against it by a test.
 *
 * `availability` is in the spec (system.md, "Availability, hours and fallback") but not yet in
 * the payload; it stays allowed so that rules written for it load today and read NULL until then.
 */
export const TRIGGER_RULE_ROOTS = ['user', 'issue', 'conversation', 'now', 'availability'] as const;

export type TriggerRuleRoot = (typeof TRIGGER_RULE_ROOTS)[number];
