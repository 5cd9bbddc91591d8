import { z } from 'zod';
import { SafeText } from './text';

/** Body of `POST /v1/handoffs/{id}/messages`. */
export const UserMessageSchema = z.object({
  messageId: SafeText({ max: 200, visible: true }),
  text: SafeText({ max: 4_000, visible: true }),
});
export type UserMessage = z.infer<typeof UserMessageSchema>;

export const UserMessageAcceptedSchema = z.object({ seq: z.number().int().positive() });
export type UserMessageAccepted = z.infer<typeof UserMessageAcceptedSchema>;
