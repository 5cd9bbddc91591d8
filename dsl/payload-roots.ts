/**
 * The names a handoff's trigger rule may start a path with: the keys of the payload that
 * `rulePayload` (activities/offer-decision.ts) builds, checked against it by a test.
 */
export const TRIGGER_RULE_ROOTS = ['user', 'issue', 'conversation', 'now', 'availability'] as const;

export type TriggerRuleRoot = (typeof TRIGGER_RULE_ROOTS)[number];

/** The names a profile's `routes[].when` may read: the trigger rule's payload without `now` (a route follows the user, not the clock). */
export const ROUTE_RULE_ROOTS = ['user', 'issue', 'conversation', 'availability'] as const;
