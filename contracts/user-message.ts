import { z } from 'zod';

/** Body of `POST /v1/handoffs/{id}/messages`. */
export const UserMessageSchema = z.object({
  messageId: z.string().min(1).max(200),
  text: z.string().min(1).max(4_000),
});
export type UserMessage = z.infer<typeof UserMessageSchema>;

export const UserMessageAcceptedSchema = z.object({ seq: z.number().int().positive() });
export type UserMessageAccepted = z.infer<typeof UserMessageAcceptedSchema>;
