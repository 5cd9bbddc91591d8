import { z } from 'zod';
import { AttachmentRefSchema } from './attachment';

/** One message of the chat. `id` never changes (see `BotEvent.eventId`); entries are in the order their `at` says. */
export const TranscriptEntrySchema = z.object({
  id: z.string().describe("the message's identity: `user:<messageId>` for the user's, the `eventId` of its `agent.message` bot event for the agent's"),
  seq: z.number().int().positive().describe("what `?after=` counts by; an operator's reset may renumber the entries after its point, so keep entries by `id`"),
  from: z.enum(['user', 'agent', 'bot', 'system']),
  text: z.string(),
  at: z.iso.datetime().describe("when the message was sent at its source (the platform, or the API that took the user's message); entries are in this order"),
  /** The agent's display name, on agent messages when the platform gave one. */
  name: z.string().optional(),
  /** A file the message carries, by reference (its `text` names it); fetched with a signed link, never inline. */
  attachment: AttachmentRefSchema.optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntrySchema>;

export const TranscriptSchema = z.object({
  handoffId: z.string(),
  messages: z.array(TranscriptEntrySchema),
  next: z.number().int().nonnegative().optional().describe('more messages follow: ask again with `after` set to this; absent on the last page'),
});
export type TranscriptPage = z.infer<typeof TranscriptSchema>;

/**
 * Query of `GET /v1/handoffs/{id}/transcript`: `after` is a `seq` in decimal digits, up to
 * 2^53−1 (the largest whole number JSON numbers carry exactly). The OpenAPI parameter is this
 * schema's output side.
 */
const AFTER_RANGE = `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;

/** Messages a transcript page holds at most, unless `limit` asks for fewer. */
export const TRANSCRIPT_PAGE_MAX = 1_000;

export const TranscriptQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,16}$/, { error: AFTER_RANGE })
    .transform(Number)
    .pipe(z.int({ error: AFTER_RANGE }).min(0))
    .default(0)
    .describe('only messages with a greater `seq`'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, { error: `must be a whole number from 1 to ${TRANSCRIPT_PAGE_MAX}` })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(1, { error: `must be a whole number from 1 to ${TRANSCRIPT_PAGE_MAX}` })
        .max(TRANSCRIPT_PAGE_MAX, { error: `must be a whole number from 1 to ${TRANSCRIPT_PAGE_MAX}` }),
    )
    .default(500)
    .describe(`at most this many messages (1 to ${TRANSCRIPT_PAGE_MAX}); \`next\` says where the following page starts`),
});
