import type { HandoffRequest } from '../contracts/handoff-request';
import { evaluateRule, type CompiledRule } from '../dsl';

export type RuleVerdict = { offered: true } | { offered: false; reason: string };

/** The payload a trigger rule sees: `user`, `issue`, `conversation` (id, channel, locale) and `now`. */
export function rulePayload(request: HandoffRequest, now: Date) {
  return {
    user: request.user,
    issue: request.issue,
    conversation: { id: request.conversationId, channel: request.channel ?? null, locale: request.user.locale ?? null },
    now: now.toISOString(),
  };
}

/** Whether live agent is offered; an evaluation error means "not offered", with the reason. */
export function ruleVerdict(rule: CompiledRule, request: HandoffRequest, now = new Date()): RuleVerdict {
  const outcome = evaluateRule(rule, rulePayload(request, now), { now });
  if (!outcome.ok) return { offered: false, reason: `trigger rule could not be evaluated: ${outcome.error.message}` };
  if (!outcome.offered) return { offered: false, reason: `trigger rule is not met (it gave ${JSON.stringify(outcome.value)})` };
  return { offered: true };
}
