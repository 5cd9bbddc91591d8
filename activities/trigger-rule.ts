import type { HandoffRequest } from '../contracts/handoff-request';
import { profileOf, type ActivityDeps } from './deps';
import { ruleVerdict, type RuleVerdict } from './rule-verdict';

export function createTriggerRuleActivities(deps: ActivityDeps) {
  return {
    async evaluateTriggerRule({ profile, request }: { profile: string; request: HandoffRequest }): Promise<RuleVerdict> {
      return ruleVerdict(profileOf(deps, profile).rule, request);
    },
  };
}
