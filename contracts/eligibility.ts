import { z } from 'zod';
import { HandoffModeSchema } from './status';

export const EligibilitySchema = z.object({
  eligible: z.boolean(),
  profile: z.string(),
  mode: HandoffModeSchema,
  reason: z.string().optional(),
});
export type Eligibility = z.infer<typeof EligibilitySchema>;
