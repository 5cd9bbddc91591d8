import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOFF_ID_MAX } from '../../contracts/handoff-id';
import { ATTRIBUTES_MAX_DEPTH } from '../../contracts/handoff-request';
import { SAFE_TEXT_PATTERN, VISIBLE_TEXT_DOCUMENT_PATTERN } from '../../contracts/text';
import { TranscriptQuerySchema } from '../../contracts/transcript';
import { startEdge, stopEdges } from '../support/edge';

/** The document as the app serves it, built from the routes it mounts. */
let doc: any;
beforeAll(async () => {
  const edge = await startEdge();
  doc = await (await fetch(`${edge.url}/openapi.json`)).json();
});
afterAll(stopEdges);

describe('the OpenAPI document', () => {
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
      'waiting',
      'not_eligible',
      'redirected',
      'queued',
      'connected',
      'closed',
      'abandoned',
      'cancelled',
      'failed',
    ]);
    expect(doc.components.schemas.BotEvent.properties.type.enum).toEqual(expect.arrayContaining(['handoff.closed', 'handoff.fallback', 'agent.transferred']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/handoffs/{id}/survey', '/v1/handoffs/{id}/callback']));
  });

  it('gives each bot event and transcript entry its identity and source time, and says to drop duplicates by eventId, not seq', () => {
    const event = doc.components.schemas.BotEvent;
    expect(doc.webhooks.botEvent.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/BotEvent' });
    expect(event.required).toEqual(expect.arrayContaining(['handoffId', 'eventId', 'seq', 'type', 'at']));
    expect(event.properties.eventId).toMatchObject({ type: 'string', description: expect.stringMatching(/identity.*drop duplicates by it/) });
    expect(event.properties.seq.description).toMatch(/never drop duplicates by it/);
    expect(event.properties.at).toMatchObject({ type: 'string', format: 'date-time', description: expect.stringMatching(/at its source/) });

    const entry = doc.components.schemas.Transcript.properties.messages.items;
    expect(entry.required).toEqual(expect.arrayContaining(['id', 'seq', 'from', 'text', 'at']));
    expect(entry.properties.id).toMatchObject({ type: 'string', description: expect.stringMatching(/identity.*`user:<messageId>`.*`eventId`/) });
    expect(entry.properties.seq.description).toMatch(/keep entries by `id`/);
    expect(entry.properties.at).toMatchObject({ type: 'string', format: 'date-time', description: expect.stringMatching(/at its source/) });
  });

  it('lists every platform webhook with the body schema its adapter parses', () => {
    expect(doc.paths['/v1/webhooks/local-desk'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LocalDeskWebhook' });
    expect(doc.components.schemas.LocalDeskWebhook.required).toEqual(expect.arrayContaining(['eventId', 'chatId', 'handoffId', 'type']));
    expect(doc.paths['/v1/webhooks/amazon-connect'].post.requestBody.content).toHaveProperty('text/plain');
    expect(doc.components.schemas['8x8Webhook'].required).toContain('eventType');
  });

  it('marks every request body required, as the routes refuse a missing one', () => {
    const operations = Object.values(doc.paths).flatMap((path: any) => Object.values(path)) as any[];
    const withBodies = operations.filter((operation) => operation.requestBody);
    expect(withBodies.length).toBeGreaterThan(8);
    for (const operation of withBodies) expect(operation.requestBody.required, operation.summary).toBe(true);
    for (const operation of withBodies) expect(Object.keys(operation.responses), operation.summary).toEqual(expect.arrayContaining(['400', '413', '415']));
  });

  it('bounds `after` and the handoff id as the routes do', () => {
    const transcript = doc.paths['/v1/handoffs/{id}/transcript'].get;
    const after = transcript.parameters.find((p: any) => p.name === 'after');
    expect(after).toMatchObject({ in: 'query', required: false, description: expect.any(String) });
    expect(after.schema).toEqual({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 });
    expect(TranscriptQuerySchema.safeParse({ after: String(after.schema.maximum) }).success).toBe(true);
    expect(TranscriptQuerySchema.safeParse({ after: String(after.schema.maximum + 1) }).success).toBe(false);
    const id = transcript.parameters.find((p: any) => p.name === 'id');
    expect(id.schema).toMatchObject({ type: 'string', minLength: 1, maxLength: HANDOFF_ID_MAX });
  });

  it('carries the text rules as patterns, so a client sees which characters are refused', () => {
    const message = doc.components.schemas.UserMessage.properties.text;
    expect(message).toMatchObject({ type: 'string', minLength: 1, maxLength: 4_000 });
    expect(message.pattern).toBe(VISIBLE_TEXT_DOCUMENT_PATTERN);
    expect(doc.components.schemas.UserMessage.properties.messageId.pattern).toBe(VISIBLE_TEXT_DOCUMENT_PATTERN);
    expect(doc.components.schemas.HandoffRequest.properties.user.properties.name.pattern).toBe(SAFE_TEXT_PATTERN.source);
    expect(doc.components.schemas.HandoffRequest.properties.user.properties.attributes.description).toContain(`${ATTRIBUTES_MAX_DEPTH} levels`);
  });

  it('is served at /openapi.json as valid JSON', () => {
    expect(() => JSON.parse(JSON.stringify(doc))).not.toThrow();
    expect(doc.openapi).toBe('3.1.0');
  });
});
