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
  Error: ApiErrorBodySchema,
} as const;
type ComponentName = keyof typeof components;

/** A platform's webhook as the document lists it: `POST /v1/webhooks/<platform>`. */
export interface WebhookDescription {
  platform: string;
  summary: string;
  bodySchema: z.ZodType;
  plainTextBody?: boolean;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: ComponentName) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'error', ...json('Error') }]));
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

/** The OpenAPI 3.1 document, generated from the same zod schemas the API validates with. */
export function openApiDocument(serverUrl: string, webhooks: readonly WebhookDescription[]): object {
  const schemas = Object.fromEntries(
    [...Object.entries(components), ...webhooks.map((webhook) => [webhookComponent(webhook), webhook.bodySchema] as const)].map(([name, schema]) => [
      name,
      z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    ]),
  );
  return {
    openapi: '3.1.0',
    info: { title: 'Handoff API', version: '1.0.0', description: 'Hands a chat-bot user over to a live agent.' },
    servers: [{ url: serverUrl }],
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/v1/handoffs/eligibility': {
        post: {
          summary: 'Dry run of the trigger rule',
          security: bearer,
          requestBody: json('HandoffRequest'),
          responses: { 200: { description: 'verdict', ...json('Eligibility') }, ...errors(400, 401, 413) },
        },
      },
      '/v1/handoffs': {
        post: {
          summary: 'Start or join a handoff',
          security: bearer,
          requestBody: json('HandoffRequest'),
          responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(400, 401, 413, 503) },
        },
      },
      '/v1/handoffs/{id}': {
        get: {
          summary: 'The handoff view',
          security: bearer,
          parameters: idParam,
          responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(401, 404, 503) },
        },
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
        post: {
          summary: 'A user message',
          security: bearer,
          parameters: idParam,
          requestBody: json('UserMessage'),
          responses: { 202: { description: 'accepted', ...json('UserMessageAccepted') }, ...errors(400, 401, 404, 409, 503) },
        },
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
        post: {
          summary: 'The user leaves',
          security: bearer,
          parameters: idParam,
          responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(401, 404, 409, 503) },
        },
      },
      ...webhookPaths(webhooks),
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'alive' } } } },
      '/readyz': { get: { summary: 'Readiness: Temporal reachable', responses: { 200: { description: 'ready' }, ...errors(503) } } },
    },
    webhooks: {
      botEvent: {
        post: {
          summary: 'What Handoff POSTs to a callbackUrl (header X-Handoff-Signature)',
          requestBody: json('BotEvent'),
          responses: { 200: { description: 'taken' } },
        },
      },
    },
  };
}

function webhookComponent({ platform }: WebhookDescription): string {
  return `${platform.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase())}Webhook`;
}

/** One path per platform webhook, each with its body schema; all go through the one pipeline. */
function webhookPaths(webhooks: readonly WebhookDescription[]): Record<string, object> {
  return Object.fromEntries(
    webhooks.map((webhook) => [
      `/v1/webhooks/${webhook.platform}`,
      {
        post: {
          summary: webhook.summary,
          requestBody: {
            content: { [webhook.plainTextBody ? 'text/plain' : 'application/json']: { schema: { $ref: `#/components/schemas/${webhookComponent(webhook)}` } } },
          },
          responses: {
            200: { description: 'a handshake the platform asked for (a URL check, a subscription)' },
            202: {
              description: '`{ status: "accepted" }`, or `{ status: "ignored", reason }` (nothing for the user, not a Handoff chat, or the handoff has ended)',
            },
            ...errors(400, 401, 503),
          },
        },
      },
    ]),
  );
}
