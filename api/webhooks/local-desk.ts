import { Router } from 'express';
import { z } from 'zod';
import type { AgentEvent } from '../../contracts/agent-event';
import { QueueInfoSchema } from '../../contracts/handoff-view';
import { UnauthorizedError } from '../errors';
import type { HandoffService } from '../handoff-service';
import { secretsMatch } from '../secret-compare';
import { withBody } from '../validate';

/** What the local desk POSTs for each agent-side event. */
export const LocalDeskEventSchema = z.object({
  eventId: z.string().min(1).max(200),
  chatId: z.string().min(1).max(200),
  handoffId: z.string().min(1).max(300),
  at: z.iso.datetime({ offset: true }),
  type: z.enum(['queue.updated', 'agent.joined', 'agent.message', 'agent.typing', 'agent.left', 'chat.closed']),
  agentName: z.string().max(200).optional(),
  text: z.string().min(1).max(10_000).optional(),
  typing: z.boolean().optional(),
  queue: QueueInfoSchema.partial().optional(),
  reason: z.string().max(500).optional(),
});
export type LocalDeskEvent = z.infer<typeof LocalDeskEventSchema>;

export const DESK_SECRET_HEADER = 'x-desk-secret';

export function toAgentEvent(body: LocalDeskEvent): AgentEvent {
  const common = { eventId: body.eventId, sessionKey: body.chatId, at: body.at };
  switch (body.type) {
    case 'queue.updated':
      return { ...common, type: body.type, queue: body.queue ?? {} };
    case 'agent.joined':
    case 'agent.left':
      return { ...common, type: body.type, ...(body.agentName !== undefined && { agentName: body.agentName }) };
    case 'agent.message':
      return { ...common, type: body.type, text: body.text ?? '', ...(body.agentName !== undefined && { agentName: body.agentName }) };
    case 'agent.typing':
      return { ...common, type: body.type, typing: body.typing ?? true };
    case 'chat.closed':
      return { ...common, type: body.type, ...(body.reason !== undefined && { reason: body.reason }) };
  }
}

/** `POST /v1/webhooks/local-desk`: authenticated by the shared desk secret, never the bot token. */
export function localDeskWebhook(service: HandoffService, secret: string): Router {
  const router = Router();
  router.post('/v1/webhooks/local-desk', (req, _res, next) => {
    next(secretsMatch(req.header(DESK_SECRET_HEADER), secret) ? undefined : new UnauthorizedError('a valid desk secret is required'));
  });
  router.post(
    '/v1/webhooks/local-desk',
    withBody(
      LocalDeskEventSchema.refine((e) => e.type !== 'agent.message' || e.text !== undefined, { path: ['text'], message: 'an agent.message needs text' }),
      async (_req, res, body) => {
        const outcome = await service.deliverAgentEvent(body.handoffId, toAgentEvent(body));
        res.status(202).json({ status: outcome === 'delivered' ? 'accepted' : 'ignored', ...(outcome === 'handoff-closed' && { reason: 'the handoff has ended' }) });
      },
    ),
  );
  return router;
}
