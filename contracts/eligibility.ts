import { z } from 'zod';
import { AvailabilitySchema, DecisionSchema } from './availability';
import { HandoffModeSchema } from './status';

export const EligibilitySchema = z.object({
  eligible: z.boolean(),
  profile: z.string(),
  mode: HandoffModeSchema,
  reason: z.string().optional(),
  availability: AvailabilitySchema,
  decision: DecisionSchema,
});
export type Eligibility = z.infer<typeof EligibilitySchema>;
