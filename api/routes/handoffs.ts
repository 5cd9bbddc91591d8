import { Router, type Request } from 'express';
import { z } from 'zod';
import { HandoffIdSchema } from '../../contracts/handoff-id';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { TranscriptQuerySchema } from '../../contracts/transcript';
import { UserMessageSchema } from '../../contracts/user-message';
import { UserTypingSchema } from '../../contracts/user-typing';
import { CallbackRequestSchema } from '../../contracts/fallback';
import { SurveyAnswerSchema } from '../../contracts/survey';
import type { HandoffService } from '../handoff-service';
import { refuseOtherMethods } from '../../lib/method-not-allowed';
import { handle, parseOrThrow, withRequiredBody } from '../../lib/validate';

const PathSchema = z.object({ id: HandoffIdSchema });

function handoffIdOf(req: Request): string {
  return parseOrThrow(PathSchema, req.params, 'path').id;
}

/** The bot-side API of system.md. */
export function handoffRoutes(service: HandoffService): Router {
  const router = Router();

  router
    .route('/v1/handoffs/eligibility')
    .post(
      withRequiredBody(HandoffRequestSchema, async (_req, res, request) => {
        res.json(await service.eligibility(request));
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/handoffs')
    .post(
      withRequiredBody(HandoffRequestSchema, async (_req, res, request) => {
        res.json(await service.start(request));
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/handoffs/:id')
    .get(
      handle(async (req, res) => {
        res.json(await service.view(handoffIdOf(req)));
      }),
    )
    .all(refuseOtherMethods('GET'));

  router
    .route('/v1/handoffs/:id/transcript')
    .get(
      handle(async (req, res) => {
        const handoffId = handoffIdOf(req);
        const { after, limit } = parseOrThrow(TranscriptQuerySchema, req.query, 'query');
        res.json(await service.transcript(handoffId, after, limit));
      }),
    )
    .all(refuseOtherMethods('GET'));

  router
    .route('/v1/handoffs/:id/messages')
    .post(
      withRequiredBody(UserMessageSchema, async (req, res, message) => {
        res.status(202).json(await service.sendMessage(handoffIdOf(req), message));
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/handoffs/:id/survey')
    .post(
      withRequiredBody(SurveyAnswerSchema, async (req, res, answer) => {
        res.status(202).json(await service.survey(handoffIdOf(req), answer));
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/handoffs/:id/callback')
    .post(
      withRequiredBody(CallbackRequestSchema, async (req, res, request) => {
        res.status(202).json(await service.requestCallback(handoffIdOf(req), request));
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/handoffs/:id/typing')
    .post(
      withRequiredBody(UserTypingSchema, async (req, res, typing) => {
        await service.userTyping(handoffIdOf(req), typing);
        res.status(202).json({});
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/handoffs/:id/cancel')
    .post(
      handle(async (req, res) => {
        res.json(await service.cancel(handoffIdOf(req)));
      }),
    )
    .all(refuseOtherMethods('POST'));

  return router;
}
