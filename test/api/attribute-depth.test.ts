import { describe, expect, it } from 'vitest';
import { decideOffer } from '../../activities/offer-decision';
import type { Availability } from '../../contracts/availability';
import { ATTRIBUTES_MAX_DEPTH, HandoffRequestSchema, type HandoffRequest } from '../../contracts/handoff-request';
import { compileRule } from '../../dsl';
import { LIMITS } from '../../dsl/limits';

const ALWAYS_OPEN: Availability = { open: true, source: 'hours', checkedAt: '2026-01-01T00:00:00.000Z' };

/** `user.attributes` of `levels` levels: objects and lists in turn, a text at the bottom. */
function requestWithAttributes(levels: number): unknown {
  let value: unknown = 'deep';
  for (let level = levels - 1; level >= 0; level--) value = level % 2 ? [value] : { a: value };
  return { conversationId: 'c', user: { id: 'u', attributes: value }, issue: { lastUtterance: 'help' } };
}

/** The deepest `user.attributes` the trigger-rule engine evaluates `true` on. */
function deepestTheRuleEngineTakes(): number {
  const rule = compileRule('true');
  let levels = 1;
  while (levels <= LIMITS.maxValueDepth + 1 && decideOffer(rule, requestWithAttributes(levels + 1) as HandoffRequest, ALWAYS_OPEN).offered) levels++;
  return levels;
}

describe('the nesting limit of user.attributes', () => {
  it('sits below the trigger-rule engine’s, so a rule `true` never answers not_eligible for nesting the API took', () => {
    const engine = deepestTheRuleEngineTakes();
    expect(ATTRIBUTES_MAX_DEPTH).toBeLessThan(engine);
    const deepest = HandoffRequestSchema.parse(requestWithAttributes(ATTRIBUTES_MAX_DEPTH));
    expect(decideOffer(compileRule('true'), deepest, ALWAYS_OPEN)).toMatchObject({ offered: true, reason: 'rule-met' });
    expect(decideOffer(compileRule('user.attributes != NULL'), deepest, ALWAYS_OPEN)).toMatchObject({ offered: true, reason: 'rule-met' });
  });

  it('is where the API refuses: the deepest it takes, and 400 for one level more', () => {
    expect(HandoffRequestSchema.safeParse(requestWithAttributes(ATTRIBUTES_MAX_DEPTH)).success).toBe(true);
    const tooDeep = HandoffRequestSchema.safeParse(requestWithAttributes(ATTRIBUTES_MAX_DEPTH + 1));
    expect(tooDeep.error?.issues).toEqual([
      expect.objectContaining({ path: ['user', 'attributes'], message: `is nested deeper than ${ATTRIBUTES_MAX_DEPTH} levels of objects and lists` }),
    ]);
  });
});
