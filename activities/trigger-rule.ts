import type { HandoffRequest } from '../contracts/handoff-request';
import { profileOf, type ActivityDeps } from './deps';
import { decideOffer, type RuleVerdict } from './offer-decision';
import { routedDecision } from './route-choice';

export function createTriggerRuleActivities(deps: ActivityDeps) {
  return {
    /** Availability (hours, the platform's probe), then the rule: whether a live agent is offered, and why. */
    async evaluateTriggerRule({ profile: name, request }: { profile: string; request: HandoffRequest }): Promise<RuleVerdict> {
      const profile = profileOf(deps, name);
      const decision = routedDecision(decideOffer(profile.rule, request, await deps.availability.check(profile)), profile.compiledRoutes, request);
      return decision.offered ? { offered: true, decision } : { offered: false, reason: decision.explanation, decision };
    },
  };
}
