import type { Availability, Decision } from '../contracts/availability';
import type { HandoffRequest } from '../contracts/handoff-request';
import { evaluateRule, readsRoot, type CompiledRule } from '../dsl';

/** What the start step answers the workflow; `decision` is absent in results recorded before it was kept. */
export type RuleVerdict = { offered: true; decision?: Decision } | { offered: false; reason: string; decision?: Decision };

/** The payload a trigger rule sees: `user`, `issue`, `conversation` (id, channel, locale), `now` and `availability`. */
export function rulePayload(request: HandoffRequest, now: Date, availability: Availability) {
  return {
    user: request.user,
    issue: request.issue,
    conversation: { id: request.conversationId, channel: request.channel ?? null, locale: request.user.locale ?? null },
    now: now.toISOString(),
    availability,
  };
}

/**
 * Whether a live agent is offered, and why. A rule that reads `availability` decides alone (and
 * when it fails while closed or with nobody there, that is the reason, so the fallback applies);
 * any other rule is met only inside the profile's hours. Agents count only through the rule, so
 * that a profile says what "nobody there" and "cannot tell" mean for it (the shipped example refuses
 * the one and allows the other). An evaluation error means "not offered", with the reason.
 */
export function decideOffer(rule: CompiledRule, request: HandoffRequest, availability: Availability, now = new Date()): Decision {
  const outcome = evaluateRule(rule, rulePayload(request, now, availability), { now });
  const base = { availability, rule: { source: rule.source, ...(outcome.ok && { value: outcome.value }) } };
  if (!outcome.ok) return { ...base, offered: false, reason: 'rule-error', explanation: `the trigger rule could not be evaluated: ${outcome.error.message}` };
  const readsAvailability = readsRoot(rule, 'availability');
  if (!outcome.offered) {
    const notMet = `the trigger rule is not met (it gave ${JSON.stringify(outcome.value)})`;
    // A rule that reads availability and fails while nobody can answer fails for that: the fallback applies.
    if (readsAvailability && !availability.open)
      return { ...base, offered: false, reason: 'closed', explanation: `${notMet}: ${closedExplanation(availability)}` };
    if (readsAvailability && availability.agentsAvailable === 0) {
      return { ...base, offered: false, reason: 'no-agents-available', explanation: `${notMet}: no agent is available` };
    }
    return { ...base, offered: false, reason: 'rule-not-met', explanation: notMet };
  }
  if (!availability.open && !readsAvailability) {
    return { ...base, offered: false, reason: 'closed', explanation: closedExplanation(availability) };
  }
  return { ...base, offered: true, reason: 'rule-met', explanation: 'the trigger rule is met' };
}

function closedExplanation(availability: Availability): string {
  return availability.nextOpenAt ? `outside opening hours; they next open at ${availability.nextOpenAt}` : 'outside opening hours';
}
