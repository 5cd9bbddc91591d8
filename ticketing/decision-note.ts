import type { Decision } from '../contracts/availability';

/** Why a live agent was or was not offered, as the ticket's work notes say it. */
export function decisionNote(decision: Decision): string {
  const { availability: a } = decision;
  const facts = [
    `open: ${a.open ? 'yes' : 'no'}`,
    a.agentsAvailable !== undefined && `agents available: ${a.agentsAvailable}`,
    a.contactsInQueue !== undefined && `waiting: ${a.contactsInQueue}`,
    a.estimatedWaitSeconds !== undefined && `estimated wait: ${Math.round(a.estimatedWaitSeconds)} s`,
    a.nextOpenAt && `next opening: ${a.nextOpenAt}`,
    `source: ${a.source}${a.unknownBecause ? ` (${a.unknownBecause})` : ''}`,
  ].filter((fact): fact is string => typeof fact === 'string');
  return [
    `Live agent ${decision.offered ? 'offered' : 'not offered'} (${decision.reason}): ${decision.explanation}.`,
    `Trigger rule: ${decision.rule.source}${'value' in decision.rule ? ` → ${JSON.stringify(decision.rule.value)}` : ''}`,
    `Availability at ${a.checkedAt}: ${facts.join(', ')}.`,
    ...(decision.route ? [routeNote(decision.route)] : []),
  ].join('\n');
}

function routeNote(route: NonNullable<Decision['route']>): string {
  if (route.index === null) return "Route: none of the profile's routes held; the profile's own queue.";
  const target = [
    route.queue !== undefined && `queue ${route.queue}`,
    route.skills && `skills ${route.skills.join(', ')}`,
    route.priority !== undefined && `priority ${route.priority}`,
  ].filter((part): part is string => typeof part === 'string');
  return `Route ${route.index + 1} (${route.when}): ${target.join(', ')}.`;
}
