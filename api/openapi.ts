import { z } from 'zod';
import { AgentEventSchema } from '../contracts/agent-event';
import { ApiErrorBodySchema } from '../contracts/api-error';
import { BotEventSchema } from '../contracts/bot-event';
import { EligibilitySchema } from '../contracts/eligibility';
import { HandoffRequestSchema } from '../contracts/handoff-request';
import { HandoffViewSchema } from '../contracts/handoff-view';
import { TranscriptSchema } from '../contracts/transcript';
import { UserMessageAcceptedSchema, UserMessageSchema } from '../contracts/user-message';
import { UserTypingSchema } from '../contracts/user-typing';
import { EightByEightEventSchema } from './webhooks/8x8-events';
import { SnsEnvelopeSchema } from './webhooks/amazon-connect';
import { GliaEventSchema } from './webhooks/glia-events';
import { LocalDeskEventSchema } from './webhooks/local-desk';
import { ServiceNowCallbackSchema } from './webhooks/servicenow-events';

const components = {
  HandoffRequest: HandoffRequestSchema,
  Handoff: HandoffViewSchema,
  Eligibility: EligibilitySchema,
  Transcript: TranscriptSchema,
  UserMessage: UserMessageSchema,
  UserMessageAccepted: UserMessageAcceptedSchema,
  UserTyping: UserTypingSchema,
  BotEvent: BotEventSchema,
  AgentEvent: AgentEventSchema,
  LocalDeskEvent: LocalDeskEventSchema,
  ServiceNowCallback: ServiceNowCallbackSchema,
  GliaEvent: GliaEventSchema,
  SnsMessage: SnsEnvelopeSchema,
  EightByEightEvent: EightByEightEventSchema,
  Error: ApiErrorBodySchema,
} as const;
type ComponentName = keyof typeof components;

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: ComponentName) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'error', ...json('Error') }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request (details list the failing paths)',
  401: 'missing or invalid credentials',
  404: 'unknown handoff',
  409: 'the session is not open',
  413: 'body too large',
  503: 'Temporal unreachable; retry',
};
const idParam = [{ name: 'id', in: 'path', required: true, description: 'the handoff id, URL-encoded', schema: { type: 'string' } }];
const bearer = [{ bearer: [] }];
const platformWebhook = (summary: string, schema: ComponentName) => ({
  post: { summary, requestBody: json(schema), responses: { 200: { description: 'taken' }, 202: { description: 'accepted or ignored (handoff ended)' }, ...errors(400, 401, 503) } },
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the API validates with. */
export function openApiDocument(serverUrl: string): object {
  const schemas = Object.fromEntries(
    Object.entries(components).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })]),
  );
  return {
    openapi: '3.1.0',
    info: { title: 'Handoff API', version: '1.0.0', description: 'Hands a chat-bot user over to a live agent.' },
    servers: [{ url: serverUrl }],
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/v1/handoffs/eligibility': {
        post: { summary: 'Dry run of the trigger rule', security: bearer, requestBody: json('HandoffRequest'), responses: { 200: { description: 'verdict', ...json('Eligibility') }, ...errors(400, 401, 413) } },
      },
      '/v1/handoffs': {
        post: { summary: 'Start or join a handoff', security: bearer, requestBody: json('HandoffRequest'), responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(400, 401, 413, 503) } },
      },
      '/v1/handoffs/{id}': {
        get: { summary: 'The handoff view', security: bearer, parameters: idParam, responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(401, 404, 503) } },
      },
      '/v1/handoffs/{id}/transcript': {
        get: {
          summary: 'Ordered messages',
          security: bearer,
          parameters: [...idParam, { name: 'after', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
          responses: { 200: { description: 'messages with seq greater than `after`', ...json('Transcript') }, ...errors(400, 401, 404, 503) },
        },
      },
      '/v1/handoffs/{id}/messages': {
        post: { summary: 'A user message', security: bearer, parameters: idParam, requestBody: json('UserMessage'), responses: { 202: { description: 'accepted', ...json('UserMessageAccepted') }, ...errors(400, 401, 404, 409, 503) } },
      },
      '/v1/handoffs/{id}/typing': {
        post: {
          summary: 'The user is typing (or stopped); relayed to the agent in broker mode, best-effort',
          security: bearer,
          parameters: idParam,
          requestBody: json('UserTyping'),
          responses: { 202: { description: 'accepted (`{}`)' }, ...errors(400, 401, 404, 409, 503) },
        },
      },
      '/v1/handoffs/{id}/cancel': {
        post: { summary: 'The user leaves', security: bearer, parameters: idParam, responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(401, 404, 409, 503) } },
      },
      '/v1/webhooks/local-desk': {
        post: {
          summary: 'Agent events from the local desk (header X-Desk-Secret)',
          requestBody: json('LocalDeskEvent'),
          responses: { 202: { description: 'accepted or ignored (handoff ended)' }, ...errors(400, 401, 503) },
        },
      },
      '/v1/webhooks/servicenow': platformWebhook('ServiceNow Virtual Agent responses (Basic credentials and/or the configured token header)', 'ServiceNowCallback'),
      '/v1/webhooks/glia': platformWebhook('Glia engagement events (query `handoff`, `session`; the registered secret header)', 'GliaEvent'),
      '/v1/webhooks/amazon-connect': platformWebhook('Amazon Connect chat streaming through SNS (signature v1/v2 verified; body sent as text/plain)', 'SnsMessage'),
      '/v1/webhooks/8x8': platformWebhook('8x8 Chat Gateway events (x-8x8-signature detached JWS, x-8x8-event-id, x-8x8-transmission-time)', 'EightByEightEvent'),
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'alive' } } } },
      '/readyz': { get: { summary: 'Readiness: Temporal reachable', responses: { 200: { description: 'ready' }, ...errors(503) } } },
    },
    webhooks: {
      botEvent: { post: { summary: 'What Handoff POSTs to a callbackUrl (header X-Handoff-Signature)', requestBody: json('BotEvent'), responses: { 200: { description: 'taken' } } } },
    },
  };
}
