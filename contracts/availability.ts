import { z } from 'zod';
import { RouteChoiceSchema } from './route-choice';

/**
 * Whether a live agent can answer now, as Handoff found out just before deciding: the profile's
 * hours, then the platform's own probe where it has one. A probe that failed or timed out leaves
 * `source: "unknown"` (with `unknownBecause`) and no agent figures: the trigger rule decides what
 * unknown means.
 */
export const AvailabilitySchema = z.object({
  open: z.boolean().describe("inside the profile's hours (and the platform's own, where it tells them)"),
  agentsAvailable: z.number().int().nonnegative().optional().describe('agents signed in and free to take a chat, where the platform tells it'),
  contactsInQueue: z.number().int().nonnegative().optional(),
  estimatedWaitSeconds: z.number().nonnegative().optional(),
  nextOpenAt: z.iso.datetime().optional().describe('when the hours next open, while closed'),
  source: z
    .enum(['hours', 'platform', 'unknown'])
    .describe("`hours`: the profile's hours only; `platform`: the platform's probe answered too; `unknown`: the probe failed"),
  unknownBecause: z.string().optional(),
  checkedAt: z.iso.datetime(),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

/** Why a live agent was or was not offered: kept with the handoff (view, query, ticket work note). */
export const DecisionSchema = z.object({
  offered: z.boolean(),
  reason: z
    .enum(['rule-met', 'rule-not-met', 'rule-error', 'closed', 'no-agents-available'])
    .describe(
      '`closed`: outside the hours (a rule that does not read `availability` is met only inside them; one that does failed while closed); `no-agents-available`: a rule that reads `availability` failed with no agent available. Only these two take the fallback',
    ),
  /** Words a person can read (the eligibility's `reason`). */
  explanation: z.string(),
  rule: z.object({ source: z.string(), value: z.unknown().describe('what the rule evaluated to (absent when it failed)').optional() }),
  availability: AvailabilitySchema,
  route: RouteChoiceSchema.optional().describe('the route taken, when the profile has `routes` and a live agent was offered'),
});
export type Decision = z.infer<typeof DecisionSchema>;
