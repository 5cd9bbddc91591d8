import { z } from 'zod';
import { AgentEventSchema } from '../contracts/agent-event';
import { ApiErrorBodySchema } from '../contracts/api-error';
import { AttachmentRefSchema, UserAttachmentAcceptedSchema } from '../contracts/attachment';
import { BotEventSchema } from '../contracts/bot-event';
import { EligibilitySchema } from '../contracts/eligibility';
import { HandoffIdSchema } from '../contracts/handoff-id';
import { HandoffRequestSchema } from '../contracts/handoff-request';
import { HandoffViewSchema } from '../contracts/handoff-view';
import { TranscriptQuerySchema, TranscriptSchema } from '../contracts/transcript';
import { UserMessageAcceptedSchema, UserMessageSchema } from '../contracts/user-message';
import { UserTypingSchema } from '../contracts/user-typing';
import { CallbackRequestSchema } from '../contracts/fallback';
import { SurveyAnswerSchema } from '../contracts/survey';

const components = {
  HandoffRequest: HandoffRequestSchema,
  Handoff: HandoffViewSchema,
  Eligibility: EligibilitySchema,
  Transcript: TranscriptSchema,
  UserMessage: UserMessageSchema,
  UserMessageAccepted: UserMessageAcceptedSchema,
  UserTyping: UserTypingSchema,
  SurveyAnswer: SurveyAnswerSchema,
  CallbackRequest: CallbackRequestSchema,
  AttachmentRef: AttachmentRefSchema,
  UserAttachmentAccepted: UserAttachmentAcceptedSchema,
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
/** Every body the API reads is required: a missing one answers 400, another media type 415. */
const body = (name: ComponentName) => ({ required: true, ...json(name) });
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'error', ...((s === 503 || s === 429) && { headers: RETRY_AFTER }), ...json('Error') }]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request: details list the failing paths; also a path with a broken percent-escape, or a body that is not UTF-8 or not compressed as its Content-Encoding says',
  401: 'missing or invalid credentials',
  404: 'unknown handoff',
  409: 'the session is not open',
  410: 'the download link has expired',
  413: 'body too large (for a file: larger than the profile accepts)',
  415: 'a body that is not application/json, not UTF-8, or in a Content-Encoding other than gzip, deflate or br; for a file: a type the profile does not take, or one its bytes contradict',
  422: 'the attachment scanner refused the file',
  429: 'a rate limit was passed; retry after Retry-After seconds',
  503: 'Temporal unreachable; retry',
};
const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } };
/** Parameters are generated from the same zod schemas the routes parse them with. */
const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io });
  return rest;
};
const idParam = [{ name: 'id', in: 'path', required: true, description: 'the handoff id, URL-encoded', schema: schemaOf(HandoffIdSchema, 'input') }];
// `after` travels as decimal digits; the document gives the number they stand for.
const afterParam = { name: 'after', in: 'query', required: false, schema: schemaOf(TranscriptQuerySchema.shape.after, 'output') };
const bearer = [{ bearer: [] }];
const EMPTY_OBJECT = { content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } };
const STATUS = (status: string) => ({
  content: { 'application/json': { schema: { type: 'object', properties: { status: { const: status } }, required: ['status'] } } },
});

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
    info: {
      title: 'Handoff API',
      version: '1.0.0',
      description:
        'Hands a chat-bot user over to a live agent. Bodies are JSON in UTF-8. Texts take no control characters but tab, newline and carriage return, and no lone UTF-16 surrogates; their lengths count UTF-16 code units.',
    },
    servers: [{ url: serverUrl }],
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/v1/handoffs/eligibility': {
        post: {
          summary: 'Dry run of the trigger rule',
          security: bearer,
          requestBody: body('HandoffRequest'),
          responses: { 200: { description: 'verdict', ...json('Eligibility') }, ...errors(400, 401, 413, 415, 429) },
        },
      },
      '/v1/handoffs': {
        post: {
          summary: 'Start or join a handoff',
          security: bearer,
          requestBody: body('HandoffRequest'),
          responses: {
            200: { description: 'the handoff', ...json('Handoff') },
            ...errors(400, 401, 413, 415, 429),
            503: {
              description:
                'Temporal unreachable, or it did not answer within 10 s; send the same request again: a start for the same conversationId joins the handoff it started, if it did, and never starts a second one',
              headers: RETRY_AFTER,
              ...json('Error'),
            },
          },
        },
      },
      '/v1/handoffs/{id}': {
        get: {
          summary: 'The handoff view',
          security: bearer,
          parameters: idParam,
          responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(400, 401, 404, 429, 503) },
        },
      },
      '/v1/handoffs/{id}/transcript': {
        get: {
          summary: 'Ordered messages',
          security: bearer,
          parameters: [...idParam, afterParam],
          responses: { 200: { description: 'messages with seq greater than `after`', ...json('Transcript') }, ...errors(400, 401, 404, 429, 503) },
        },
      },
      '/v1/handoffs/{id}/messages': {
        post: {
          summary: 'A user message',
          security: bearer,
          parameters: idParam,
          requestBody: body('UserMessage'),
          responses: { 202: { description: 'accepted', ...json('UserMessageAccepted') }, ...errors(400, 401, 404, 409, 413, 415, 429, 503) },
        },
      },
      '/v1/handoffs/{id}/attachments': {
        post: {
          summary: "A user's file (multipart/form-data, one part named `file`), stored by reference and passed to the agent",
          description:
            "Limits per profile (`attachments.maxBytes`, `attachments.types`); the type is told from the bytes and must agree with the part's Content-Type. A refused file (413, 415, 422) is neither stored nor passed on. The same file sent twice to a handoff is one attachment (the first `seq`).",
          security: bearer,
          parameters: idParam,
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
                encoding: { file: { contentType: 'application/octet-stream' } },
              },
            },
          },
          responses: {
            202: { description: 'accepted', ...json('UserAttachmentAccepted') },
            ...errors(400, 401, 404, 409, 413, 415, 422, 429, 503),
          },
        },
      },
      '/v1/attachments/{attachmentId}': {
        get: {
          summary: 'A file by its signed, expiring link (the link is the credential: no bot token)',
          parameters: [
            { name: 'attachmentId', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
            { name: 'name', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 256 } },
            { name: 'type', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
            {
              name: 'exp',
              in: 'query',
              required: true,
              description: 'expiry, milliseconds since the epoch',
              schema: { type: 'string', pattern: '^[0-9]{1,15}$' },
            },
            { name: 'token', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 100 } },
          ],
          responses: {
            200: {
              description: 'the bytes; `Content-Disposition: attachment` unless a raster image',
              content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
            },
            ...errors(400, 401, 404, 410),
          },
        },
      },
      '/v1/handoffs/{id}/typing': {
        post: {
          summary: 'The user is typing (or stopped); relayed to the agent in broker mode, best-effort',
          security: bearer,
          parameters: idParam,
          requestBody: body('UserTyping'),
          responses: { 202: { description: 'accepted', ...EMPTY_OBJECT }, ...errors(400, 401, 404, 409, 413, 415, 429, 503) },
        },
      },
      '/v1/handoffs/{id}/survey': {
        post: {
          summary: "The user's rating after a chat with an agent, during the profile's survey window (`surveyUntil` in the view)",
          security: bearer,
          parameters: idParam,
          requestBody: body('SurveyAnswer'),
          responses: { 202: { description: 'taken', ...json('Handoff') }, ...errors(400, 401, 404, 409, 413, 415, 429, 503) },
        },
      },
      '/v1/handoffs/{id}/callback': {
        post: {
          summary: 'How and when to call the user back, while the handoff offers it (fallback `callback`, `fallback.callbackUntil` in the view)',
          security: bearer,
          parameters: idParam,
          requestBody: body('CallbackRequest'),
          responses: { 202: { description: 'taken', ...json('Handoff') }, ...errors(400, 401, 404, 409, 413, 415, 429, 503) },
        },
      },
      '/v1/handoffs/{id}/cancel': {
        post: {
          summary: 'The user leaves',
          security: bearer,
          parameters: idParam,
          responses: { 200: { description: 'the handoff', ...json('Handoff') }, ...errors(400, 401, 404, 409, 429, 503) },
        },
      },
      ...webhookPaths(webhooks),
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'alive', ...STATUS('ok') } } } },
      '/readyz': { get: { summary: 'Readiness: Temporal reachable', responses: { 200: { description: 'ready', ...STATUS('ready') }, ...errors(503) } } },
    },
    webhooks: {
      botEvent: {
        post: {
          summary: 'What Handoff POSTs to a callbackUrl (header X-Handoff-Signature)',
          requestBody: body('BotEvent'),
          responses: { 200: { description: 'taken' } },
        },
      },
    },
  };
}

function webhookComponent({ platform }: WebhookDescription): string {
  return `${platform.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase())}Webhook`;
}

const WEBHOOK_OUTCOME = {
  type: 'object',
  properties: { status: { enum: ['accepted', 'ignored'] }, reason: { type: 'string' } },
  required: ['status'],
};

/** One path per platform webhook, each with its body schema; all go through the one pipeline. */
function webhookPaths(webhooks: readonly WebhookDescription[]): Record<string, object> {
  return Object.fromEntries(
    webhooks.map((webhook) => [
      `/v1/webhooks/${webhook.platform}`,
      {
        post: {
          summary: webhook.summary,
          requestBody: {
            required: true,
            content: { [webhook.plainTextBody ? 'text/plain' : 'application/json']: { schema: { $ref: `#/components/schemas/${webhookComponent(webhook)}` } } },
          },
          responses: {
            200: { description: 'a handshake the platform asked for (a URL check, a subscription)' },
            202: {
              description: '`{ status: "accepted" }`, or `{ status: "ignored", reason }` (nothing for the user, not a Handoff chat, or the handoff has ended)',
              content: { 'application/json': { schema: WEBHOOK_OUTCOME } },
            },
            ...errors(400, 401, 413, 415, 429, 503),
          },
        },
      },
    ]),
  );
}
