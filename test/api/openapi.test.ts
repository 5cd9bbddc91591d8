import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi';
import { webhookDescriptions } from '../../api/webhook-pipeline';
import { PLATFORMS } from '../../platforms';

const DEPS = { env: {}, publicUrl: 'http://localhost:3000', localDesk: { deskUrl: 'http://localhost:3000/desk', secret: 'unused' }, log() {}, clock: Date.now };

describe('the OpenAPI document', () => {
  const doc = openApiDocument('http://localhost:3000', webhookDescriptions(PLATFORMS, DEPS)) as any;

  it('describes every route of the bot API with its request schema and error answers', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/handoffs',
        '/v1/handoffs/eligibility',
        '/v1/handoffs/{id}',
        '/v1/handoffs/{id}/transcript',
        '/v1/handoffs/{id}/messages',
        '/v1/handoffs/{id}/cancel',
        '/v1/handoffs/{id}/typing',
        '/v1/webhooks/local-desk',
        '/v1/webhooks/servicenow',
        '/v1/webhooks/glia',
        '/v1/webhooks/amazon-connect',
        '/v1/webhooks/8x8',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(doc.paths['/v1/handoffs'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/HandoffRequest' });
    expect(doc.paths['/v1/handoffs/{id}/messages'].post.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('is generated from the zod schemas the API validates with', () => {
    const request = doc.components.schemas.HandoffRequest;
    expect(request.required).toEqual(expect.arrayContaining(['conversationId', 'user', 'issue']));
    expect(request.properties.conversationId).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(request.properties.transcript).toMatchObject({ type: 'array', maxItems: 200 });
    expect(doc.components.schemas.Handoff.properties.status.enum).toEqual([
      'evaluating',
      'not_eligible',
      'redirected',
      'queued',
      'connected',
      'closed',
      'abandoned',
      'cancelled',
      'failed',
    ]);
    expect(doc.components.schemas.BotEvent.properties.type.enum).toContain('handoff.closed');
  });

  it('lists every platform webhook with the body schema its adapter parses', () => {
    expect(doc.paths['/v1/webhooks/local-desk'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LocalDeskWebhook' });
    expect(doc.components.schemas.LocalDeskWebhook.required).toEqual(expect.arrayContaining(['eventId', 'chatId', 'handoffId', 'type']));
    expect(doc.paths['/v1/webhooks/amazon-connect'].post.requestBody.content).toHaveProperty('text/plain');
    expect(doc.components.schemas['8x8Webhook'].required).toContain('eventType');
  });

  it('is served at /openapi.json as valid JSON', () => {
    expect(() => JSON.parse(JSON.stringify(doc))).not.toThrow();
    expect(doc.openapi).toBe('3.1.0');
  });
});
