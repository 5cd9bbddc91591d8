import type { CompiledRoute } from '../config/load';
import type { Availability, Decision } from '../contracts/availability';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { RouteChoice } from '../contracts/route-choice';
import { evaluateRule } from '../dsl';
import { rulePayload } from './offer-decision';

/**
 * The first route whose rule holds, on the trigger rule's payload; a rule that cannot be evaluated
 * does not hold (the next is tried). None: `index: null`, the profile's own queue.
 */
export function chooseRoute(routes: readonly CompiledRoute[], request: HandoffRequest, availability: Availability, now = new Date()): RouteChoice {
  const payload = rulePayload(request, now, availability);
  const index = routes.findIndex((route) => {
    const outcome = evaluateRule(route.rule, payload, { now });
    return outcome.ok && outcome.offered;
  });
  if (index < 0) return { index: null };
  const { when, queue, skills, priority } = routes[index]!;
  return { index, when, ...(queue !== undefined && { queue }), ...(skills !== undefined && { skills }), ...(priority !== undefined && { priority }) };
}

/** The decision with the route taken, when a live agent is offered and the profile has routes. */
export function routedDecision(decision: Decision, routes: readonly CompiledRoute[], request: HandoffRequest): Decision {
  if (!decision.offered || routes.length === 0) return decision;
  return { ...decision, route: chooseRoute(routes, request, decision.availability) };
}
