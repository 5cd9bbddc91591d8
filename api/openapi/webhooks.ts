/** The platforms' webhooks in the OpenAPI document: one path each, all served by the one pipeline (api/webhook-pipeline.ts). */
import { z } from 'zod';
import { webhookPathOf } from '../webhook-pipeline';
import { componentRef } from './components';
import { errorAnswers } from './error-answers';

/** A platform's webhook as the document lists it. */
export interface WebhookDescription {
  platform: string;
  summary: string;
  bodySchema: z.ZodType;
  plainTextBody?: boolean;
}

const WEBHOOK_OUTCOME = {
  type: 'object',
  properties: { status: { enum: ['accepted', 'ignored'] }, reason: { type: 'string' } },
  required: ['status'],
};

/** The component that holds a platform's body schema: `LocalDeskWebhook` for `local-desk`. */
function webhookComponent({ platform }: WebhookDescription): string {
  return `${platform.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase())}Webhook`;
}

export function webhookComponentSchemas(webhooks: readonly WebhookDescription[]): Record<string, object> {
  return Object.fromEntries(
    webhooks.map((webhook) => [webhookComponent(webhook), z.toJSONSchema(webhook.bodySchema, { io: 'input', unrepresentable: 'any' })]),
  );
}

export function webhookPaths(webhooks: readonly WebhookDescription[]): Record<string, object> {
  return Object.fromEntries(
    webhooks.map((webhook) => [
      webhookPathOf(webhook.platform),
      {
        post: {
          summary: webhook.summary,
          requestBody: {
            required: true,
            content: { [webhook.plainTextBody ? 'text/plain' : 'application/json']: { schema: componentRef(webhookComponent(webhook)) } },
          },
          responses: {
            200: { description: 'a handshake the platform asked for (a URL check, a subscription)' },
            202: {
              description: '`{ status: "accepted" }`, or `{ status: "ignored", reason }` (nothing for the user, not a Handoff chat, or the handoff has ended)',
              content: { 'application/json': { schema: WEBHOOK_OUTCOME } },
            },
            ...errorAnswers([400, 401, 413, 415, 429, 503]),
          },
        },
      },
    ]),
  );
}
