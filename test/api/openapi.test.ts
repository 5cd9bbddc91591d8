import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi';

describe('the OpenAPI document', () => {
  const doc = openApiDocument('http://localhost:3000') as any;

  it('describes every route of the bot API with its request schema and error answers', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/handoffs', '/v1/handoffs/eligibility', '/v1/handoffs/{id}', '/v1/handoffs/{id}/transcript', '/v1/handoffs/{id}/messages', '/v1/handoffs/{id}/cancel', '/v1/handoffs/{id}/typing', '/v1/webhooks/local-desk', '/v1/webhooks/servicenow', '/v1/webhooks/glia', '/v1/webhooks/amazon-connect', '/v1/webhooks/8x8', '/healthz', '/readyz']),
    );
    expect(doc.paths['/v1/handoffs'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/HandoffRequest' });
    expect(doc.paths['/v1/handoffs/{id}/messages'].post.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('is generated from the zod schemas the API validates with', () => {
    const request = doc.components.schemas.HandoffRequest;
    expect(request.required).toEqual(expect.arrayContaining(['conversationId', 'user', 'issue']));
    expect(request.properties.conversationId).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(request.properties.transcript).toMatchObject({ type: 'array', maxItems: 200 });
    expect(doc.components.schemas.Handoff.properties.status.enum).toEqual(['evaluating', 'not_eligible', 'redirected', 'queued', 'connected', 'closed', 'abandoned', 'cancelled', 'failed']);
    expect(doc.components.schemas.BotEvent.properties.type.enum).toContain('handoff.closed');
  });

  it('is served at /openapi.json as valid JSON', () => {
    expect(() => JSON.parse(JSON.stringify(doc))).not.toThrow();
    expect(doc.openapi).toBe('3.1.0');
  });
});
