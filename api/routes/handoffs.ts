import { Router } from 'express';
import { z } from 'zod';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { UserMessageSchema } from '../../contracts/user-message';
import { UserTypingSchema } from '../../contracts/user-typing';
import type { HandoffService } from '../handoff-service';
import { handle, parseOrThrow, withBody } from '../../lib/validate';

const TranscriptQuerySchema = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

/** The bot-side API of system.md. */
export function handoffRoutes(service: HandoffService): Router {
  const router = Router();

  router.post(
    '/v1/handoffs/eligibility',
    withBody(HandoffRequestSchema, (_req, res, request) => {
      res.json(service.eligibility(request));
    }),
  );

  router.post(
    '/v1/handoffs',
    withBody(HandoffRequestSchema, async (_req, res, request) => {
      res.json(await service.start(request));
    }),
  );

  router.get(
    '/v1/handoffs/:id',
    handle(async (req, res) => {
      res.json(await service.view(String(req.params.id)));
    }),
  );

  router.get(
    '/v1/handoffs/:id/transcript',
    handle(async (req, res) => {
      const { after } = parseOrThrow(TranscriptQuerySchema, req.query, 'query');
      const handoffId = String(req.params.id);
      res.json({ handoffId, messages: await service.transcript(handoffId, after) });
    }),
  );

  router.post(
    '/v1/handoffs/:id/messages',
    withBody(UserMessageSchema, async (req, res, message) => {
      res.status(202).json(await service.sendMessage(String(req.params.id), message));
    }),
  );

  router.post(
    '/v1/handoffs/:id/typing',
    withBody(UserTypingSchema, async (req, res, typing) => {
      await service.userTyping(String(req.params.id), typing);
      res.status(202).json({});
    }),
  );

  router.post(
    '/v1/handoffs/:id/cancel',
    handle(async (req, res) => {
      res.json(await service.cancel(String(req.params.id)));
    }),
  );

  return router;
}
