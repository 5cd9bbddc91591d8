import { z } from 'zod';

export const TranscriptEntrySchema = z.object({
  seq: z.number().int().positive(),
  from: z.enum(['user', 'agent', 'bot', 'system']),
  text: z.string(),
  at: z.iso.datetime(),
  /** The agent's display name, on agent messages when the platform gave one. */
  name: z.string().optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

export const TranscriptSchema = z.object({ handoffId: z.string(), messages: z.array(TranscriptEntrySchema) });
