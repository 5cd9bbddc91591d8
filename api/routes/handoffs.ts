/** The bot's API over a handoff (system.md): each route's definition, and the handler that serves it. */
import type { RequestHandler } from 'express';
import { EligibilitySchema } from '../../contracts/eligibility';
import { CallbackRequestSchema } from '../../contracts/fallback';
import { HandoffPathSchema } from '../../contracts/handoff-id';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { HandoffViewSchema } from '../../contracts/handoff-view';
import { SurveyAnswerSchema } from '../../contracts/survey';
import { TranscriptQuerySchema, TranscriptSchema } from '../../contracts/transcript';
import { UserMessageAcceptedSchema, UserMessageSchema } from '../../contracts/user-message';
import { UserTypingAcceptedSchema, UserTypingSchema } from '../../contracts/user-typing';
import type { HandoffService } from '../handoff-service';
import { defineRoute } from '../route-table/define-route';
import { implement, type ImplementedRoute } from '../route-table/implement-route';

/** The bot's area: every route beneath it takes the bot token, and none elsewhere does. */
export const HANDOFFS_PATH = '/v1/handoffs';
export const HANDOFF_PATH = `${HANDOFFS_PATH}/{id}`;

const THE_HANDOFF = { status: 200, description: 'the handoff', schema: HandoffViewSchema } as const;
/** What a route on one handoff may answer: no such handoff, Temporal unreachable; and, for what the user does, a session that is not open. */
const ERRORS_ON_A_HANDOFF = [404, 503] as const;
const ERRORS_ON_AN_OPEN_SESSION = [404, 409, 503] as const;

export const eligibilityRoute = defineRoute({
  method: 'post',
  path: `${HANDOFFS_PATH}/eligibility`,
  summary: 'Dry run of the trigger rule',
  auth: 'bot',
  body: HandoffRequestSchema,
  answer: { status: 200, description: 'verdict', schema: EligibilitySchema },
});

export const startRoute = defineRoute({
  method: 'post',
  path: HANDOFFS_PATH,
  summary: 'Start or join a handoff',
  auth: 'bot',
  body: HandoffRequestSchema,
  answer: THE_HANDOFF,
  errors: [503],
  errorDescriptions: {
    503: 'Temporal unreachable, or it did not answer within 10 s; send the same request again: a start for the same conversationId joins the handoff it started, if it did, and never starts a second one',
  },
});

export const viewRoute = defineRoute({
  method: 'get',
  path: HANDOFF_PATH,
  summary: 'The handoff view',
  auth: 'bot',
  params: HandoffPathSchema,
  answer: THE_HANDOFF,
  errors: ERRORS_ON_A_HANDOFF,
});

export const transcriptRoute = defineRoute({
  method: 'get',
  path: `${HANDOFF_PATH}/transcript`,
  summary: 'Ordered messages',
  auth: 'bot',
  params: HandoffPathSchema,
  query: TranscriptQuerySchema,
  answer: { status: 200, description: 'messages with seq greater than `after`', schema: TranscriptSchema },
  errors: ERRORS_ON_A_HANDOFF,
});

export const messageRoute = defineRoute({
  method: 'post',
  path: `${HANDOFF_PATH}/messages`,
  summary: 'A user message',
  auth: 'bot',
  params: HandoffPathSchema,
  body: UserMessageSchema,
  answer: { status: 202, description: 'accepted', schema: UserMessageAcceptedSchema },
  errors: ERRORS_ON_AN_OPEN_SESSION,
});

export const typingRoute = defineRoute({
  method: 'post',
  path: `${HANDOFF_PATH}/typing`,
  summary: 'The user is typing (or stopped); relayed to the agent in broker mode, best-effort',
  auth: 'bot',
  params: HandoffPathSchema,
  body: UserTypingSchema,
  answer: { status: 202, description: 'accepted', schema: UserTypingAcceptedSchema },
  errors: ERRORS_ON_AN_OPEN_SESSION,
});

export const surveyRoute = defineRoute({
  method: 'post',
  path: `${HANDOFF_PATH}/survey`,
  summary: "The user's rating after a chat with an agent, during the profile's survey window (`surveyUntil` in the view)",
  auth: 'bot',
  params: HandoffPathSchema,
  body: SurveyAnswerSchema,
  answer: { ...THE_HANDOFF, status: 202, description: 'taken' },
  errors: ERRORS_ON_AN_OPEN_SESSION,
});

export const callbackRoute = defineRoute({
  method: 'post',
  path: `${HANDOFF_PATH}/callback`,
  summary: 'How and when to call the user back, while the handoff offers it (fallback `callback`, `fallback.callbackUntil` in the view)',
  auth: 'bot',
  params: HandoffPathSchema,
  body: CallbackRequestSchema,
  answer: { ...THE_HANDOFF, status: 202, description: 'taken' },
  errors: ERRORS_ON_AN_OPEN_SESSION,
});

export const cancelRoute = defineRoute({
  method: 'post',
  path: `${HANDOFF_PATH}/cancel`,
  summary: 'The user leaves',
  auth: 'bot',
  params: HandoffPathSchema,
  answer: THE_HANDOFF,
  errors: ERRORS_ON_AN_OPEN_SESSION,
});

/**
 * The routes served by `service`, in the order Express tries them (`eligibility` before `{id}`,
 * which would take it). `checkCallbackUrl` refuses a start's or dry run's callbackUrl by policy.
 */
export function handoffRoutes(service: HandoffService, checkCallbackUrl: RequestHandler): ImplementedRoute[] {
  return [
    implement(eligibilityRoute, ({ body }) => service.eligibility(body), [checkCallbackUrl]),
    implement(startRoute, ({ body }) => service.start(body), [checkCallbackUrl]),
    implement(viewRoute, ({ params }) => service.view(params.id)),
    implement(transcriptRoute, ({ params, query }) => service.transcript(params.id, query.after, query.limit)),
    implement(messageRoute, ({ params, body }) => service.sendMessage(params.id, body)),
    implement(surveyRoute, ({ params, body }) => service.survey(params.id, body)),
    implement(callbackRoute, ({ params, body }) => service.requestCallback(params.id, body)),
    implement(typingRoute, async ({ params, body }) => {
      await service.userTyping(params.id, body);
      return {};
    }),
    implement(cancelRoute, ({ params }) => service.cancel(params.id)),
  ];
}
