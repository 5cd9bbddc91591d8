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
  ].join('\n');
}
