import { z } from 'zod';
import { QueueInfoSchema } from './handoff-view';

/** What Handoff POSTs to a handoff's `callbackUrl`, signed with `X-Handoff-Signature`. */
export const BotEventSchema = z.object({
  handoffId: z.string(),
  seq: z.number().int().positive(),
  type: z.enum(['queue.updated', 'agent.joined', 'agent.message', 'agent.typing', 'agent.left', 'handoff.closed', 'handoff.failed']),
  at: z.iso.datetime(),
  text: z.string().optional(),
  agentName: z.string().optional(),
  typing: z.boolean().optional(),
  queue: QueueInfoSchema.partial().optional(),
  reason: z.string().optional(),
});
export type BotEvent = z.infer<typeof BotEventSchema>;
