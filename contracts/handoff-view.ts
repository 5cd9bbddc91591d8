import { z } from 'zod';
import { DecisionSchema } from './availability';
import { FallbackSchema } from './fallback';
import { SurveyAnswerSchema } from './survey';
import { SummarySchema } from './summary';
import { HandoffModeSchema, HandoffStatusSchema } from './status';

export const QueueInfoSchema = z.object({
  name: z.string(),
  position: z.number().int().nonnegative().optional(),
  estimatedWaitSeconds: z.number().nonnegative().optional(),
});
export type QueueInfo = z.infer<typeof QueueInfoSchema>;

export const TicketRefSchema = z.object({ number: z.string(), url: z.string().optional() });

/** What the workflow knows of itself; the API adds `links`. */
export const HandoffStateViewSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  profile: z.string(),
  status: HandoffStatusSchema,
  mode: HandoffModeSchema,
  platform: z.string().describe("the profile's platform (see the platform table in docs/platforms.md)"),
  reason: z.string().optional(),
  redirectUrl: z.string().optional(),
  queue: QueueInfoSchema.optional(),
  ticket: TicketRefSchema.optional(),
  agent: z.object({ name: z.string().optional() }).optional(),
  decision: DecisionSchema.optional().describe('why a live agent was or was not offered (absent while evaluating, and in handoffs started before it was kept)'),
  fallback: FallbackSchema.optional(),
  summary: SummarySchema.optional().describe('what the agent sees first: the extractive summary from the start, replaced by a model’s when it arrives'),
  survey: SurveyAnswerSchema.optional(),
  /** Until when the handoff takes `POST /v1/handoffs/{id}/survey`, once the chat ended with an agent. */
  surveyUntil: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type HandoffStateView = z.infer<typeof HandoffStateViewSchema>;

/** The `Handoff` view of system.md. */
export const HandoffViewSchema = HandoffStateViewSchema.extend({
  links: z.object({ self: z.string(), temporalUi: z.string() }),
});
export type HandoffView = z.infer<typeof HandoffViewSchema>;
