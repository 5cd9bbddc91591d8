import { z } from 'zod';

export const SummaryProviderSchema = z.enum(['extractive', 'openai-compatible']);

/**
 * What happened before the handoff, in short, for the agent: shown first on the desk, at the top of
 * the ticket's description, and sent to the platform where it has a place. `provider` says who wrote
 * it; `fellBack` that a model was asked and failed (timed out, refused, answered an error), so this
 * is the extractive one in its place.
 */
export const SummarySchema = z.object({
  text: z.string().min(1).max(8_000),
  provider: SummaryProviderSchema,
  fellBack: z.boolean(),
});
export type Summary = z.infer<typeof SummarySchema>;
