import { z } from 'zod';

/** Body of `POST /v1/handoffs/{id}/typing`: whether the user is typing now. */
export const UserTypingSchema = z.object({ typing: z.boolean().default(true) });
export type UserTyping = z.infer<typeof UserTypingSchema>;

/** Answer of the typing route: nothing to say but that it was taken. */
export const UserTypingAcceptedSchema = z.strictObject({});
