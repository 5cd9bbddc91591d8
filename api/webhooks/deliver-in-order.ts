import type { AgentEvent } from '../../contracts/agent-event';
import type { PlatformId } from '../../contracts/status';
import type { WebhookDeps } from './webhook-deps';

export interface WebhookOutcome {
  status: 'accepted' | 'ignored';
  reason?: string;
}

/**
 * Signals a webhook's events to the handoff one after another, so they keep the platform's order.
 * An event for a handoff that has ended is logged and answered "ignored", so the platform stops
 * redelivering it; a transient Temporal error propagates (503) so the platform redelivers.
 */
export async function deliverInOrder(deps: WebhookDeps, platform: PlatformId, handoffId: string, events: AgentEvent[]): Promise<WebhookOutcome> {
  if (events.length === 0) return { status: 'ignored', reason: 'nothing in it for the user' };
  for (const event of events) {
    if ((await deps.service.deliverAgentEvent(handoffId, event)) === 'handoff-closed') {
      deps.log(`${platform} webhook: event for a handoff that has ended; ignored`, { handoffId, eventId: event.eventId, type: event.type });
      return { status: 'ignored', reason: 'the handoff has ended' };
    }
  }
  return { status: 'accepted' };
}
