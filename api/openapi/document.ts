import type { RouteDefinition } from '../route-table/define-route';
import { componentRef, componentSchemas } from './components';
import { pathsOf } from './operation';
import { webhookComponentSchemas, webhookPaths, type WebhookDescription } from './webhooks';

/**
 * The OpenAPI 3.1 document of the routes the app serves (the same definitions Express validates
 * with) and of the platforms' webhooks.
 */
export function openApiDocument(serverUrl: string, routes: readonly RouteDefinition[], webhooks: readonly WebhookDescription[]): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Handoff API',
      version: '1.0.0',
      description:
        'Hands a chat-bot user over to a live agent. Bodies are JSON in UTF-8. Texts take no control characters but tab, newline and carriage return, and no lone UTF-16 surrogates; their lengths count UTF-16 code units.',
    },
    servers: [{ url: serverUrl }],
    components: { schemas: { ...componentSchemas(), ...webhookComponentSchemas(webhooks) }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: { ...pathsOf(routes), ...webhookPaths(webhooks) },
    webhooks: {
      botEvent: {
        post: {
          summary: 'What Handoff POSTs to a callbackUrl (header X-Handoff-Signature)',
          requestBody: { required: true, content: { 'application/json': { schema: componentRef('BotEvent') } } },
          responses: { 200: { description: 'taken' } },
        },
      },
    },
  };
}
