import { z } from 'zod';
import { SafeText } from './text';

/** The user's rating of the chat (`POST /v1/handoffs/{id}/survey`), taken during the profile's survey window. */
export const SurveyAnswerSchema = z
  .object({
    rating: z.number().int().min(1).max(5),
    comment: SafeText({ max: 2_000 }).optional(),
  })
  .strict();
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;
