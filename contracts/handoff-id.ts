import { z } from 'zod';
import { CONVERSATION_ID_MAX, PROFILE_NAME_MAX } from './handoff-request';
import { SafeText } from './text';

/** Longest handoff id: `handoff/<profile>/<conversationId>` with both at their maximum. */
export const HANDOFF_ID_MAX = 'handoff/'.length + PROFILE_NAME_MAX + '/'.length + CONVERSATION_ID_MAX;

/**
 * The `{id}` of `/v1/handoffs/{id}/…`: a text no handoff could have (too long, a control
 * character, a lone surrogate) is refused before Temporal is asked; any other unknown id is 404.
 */
export const HandoffIdSchema = SafeText({ max: HANDOFF_ID_MAX }).min(1);

/** The path parameters of a route on one handoff. */
export const HandoffPathSchema = z.object({ id: HandoffIdSchema.describe('the handoff id, URL-encoded') });

/** A handoff's id: the workflow id `handoff/<profile>/<conversationId>`. */
export function handoffIdOf(profile: string, conversationId: string): string {
  return `handoff/${profile}/${conversationId}`;
}

/** The profile and conversation a handoff id names, or undefined when it is not one. */
export function partsOfHandoffId(handoffId: string): { profile: string; conversationId: string } | undefined {
  const match = /^handoff\/([^/]+)\/(.+)$/s.exec(handoffId);
  return match ? { profile: match[1]!, conversationId: match[2]! } : undefined;
}
