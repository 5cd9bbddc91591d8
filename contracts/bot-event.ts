import { z } from 'zod';
import { AttachmentRefSchema } from './attachment';
import { FallbackActionSchema } from './fallback';
import { QueueInfoSchema } from './handoff-view';
import { SummarySchema } from './summary';

/**
 * What Handoff POSTs to a handoff's `callbackUrl`, signed with `X-Handoff-Signature`. A bot drops
 * duplicates by `eventId`, which never changes: not across retries, a retried workflow task,
 * continue-as-new or an operator's reset. `seq` orders; a redelivery may carry another one.
 */
export const BotEventSchema = z.object({
  handoffId: z.string(),
  eventId: z.string().describe("the event's identity, derived from its cause; drop duplicates by it"),
  seq: z.number().int().positive().describe('orders the events of a handoff; a redelivery may carry another `seq`, so never drop duplicates by it'),
  type: z.enum([
    'queue.updated',
    'agent.joined',
    'agent.message',
    'agent.attachment',
    'agent.typing',
    'agent.left',
    'agent.transferred',
    'handoff.started',
    'handoff.summary',
    'handoff.check-in',
    'handoff.fallback',
    'handoff.closed',
    'handoff.failed',
  ]),
  at: z.iso.datetime().describe("when it happened at its source (the platform, or Handoff's edge), never when a workflow replayed it"),
  text: z.string().optional(),
  agentName: z.string().optional(),
  typing: z.boolean().optional(),
  queue: QueueInfoSchema.partial().optional(),
  reason: z.string().optional(),
  /** On `agent.attachment`: the agent's file, by reference. */
  attachment: AttachmentRefSchema.optional(),
  /** On `agent.attachment`: where to download it, a signed link valid 24 hours from the delivery. */
  url: z.url().optional(),
  /** On `agent.transferred`: the queue or agent the chat went to. */
  to: z.string().optional(),
  /** On `handoff.closed`: the bot takes the conversation back (always true: the human stretch is over). */
  handBack: z.boolean().optional(),
  /** On `handoff.fallback`: what Handoff does instead of a live agent (`reason` says why: closed, no-agents-available, no-agent-accepted). */
  action: FallbackActionSchema.optional(),
  nextOpenAt: z.iso.datetime().optional(),
  ticket: z.object({ number: z.string(), url: z.string().optional() }).optional(),
  /** On `handoff.started` (the extractive one) and `handoff.summary` (a model's, replacing it): what the agent sees first. */
  summary: SummarySchema.optional(),
});
export type BotEvent = z.infer<typeof BotEventSchema>;
