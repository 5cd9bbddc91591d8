import { z } from 'zod';
import { SafeText } from './text';

/** The fallback ladder's rungs (profile `fallback`), tried in the profile's order; the first that applies is taken. */
export const FallbackActionSchema = z.enum(['wait-for-opening', 'callback', 'ticket']);
export type FallbackAction = z.infer<typeof FallbackActionSchema>;

/** Why a fallback was taken. */
export const FallbackReasonSchema = z.enum(['closed', 'no-agents-available', 'no-agent-accepted']);
export type FallbackReason = z.infer<typeof FallbackReasonSchema>;

/** What the user left for a callback (`POST /v1/handoffs/{id}/callback`). */
export const CallbackRequestSchema = z
  .object({
    phone: z
      .string()
      .max(40)
      // At least three digits, among spaces and + ( ) . / - (one pattern, so the OpenAPI document says it all).
      .regex(/^\+?[ ()./-]*(?:[0-9][ ()./-]*){3,}$/, 'must be a phone number: at least 3 digits, with spaces and + ( ) . / -')
      .describe('where to call the user back'),
    when: SafeText({ max: 200 }).optional().describe('when the user would like to be called, in their words ("tomorrow after 9")'),
    note: SafeText({ max: 2_000 }).optional(),
  })
  .strict();
export type CallbackRequest = z.infer<typeof CallbackRequestSchema>;

/** The fallback a handoff took, as its view shows it. */
export const FallbackSchema = z.object({
  action: FallbackActionSchema,
  reason: FallbackReasonSchema,
  nextOpenAt: z.iso.datetime().optional(),
  ticket: z.object({ number: z.string(), url: z.string().optional() }).optional(),
  /** The callback the user left, once they did (action `callback`). */
  callback: z.object({ when: z.string().optional(), requestedAt: z.iso.datetime() }).optional(),
  /** Until when the handoff takes `POST /v1/handoffs/{id}/callback` (action `callback`). */
  callbackUntil: z.iso.datetime().optional(),
});
export type Fallback = z.infer<typeof FallbackSchema>;
