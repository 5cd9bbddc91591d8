/**
 * Options of ServiceNow's Virtual Agent Bot Integration API (broker mode): the `botIntegration`
 * key of the `servicenow` platform's options, beside the deep-link keys of url mode. The instance
 * is the shared `instanceUrl`.
 */
import { z } from 'zod';
import { SecretRefSchema } from '../../lib/secret-ref';
import { ServiceNowAuthSchema } from '../../ticketing/options';
import { HeaderNameSchema } from '../shared/option-schemas';
import { templateSchema } from '../shared/template';

const RESERVED_HEADERS = ['authorization', 'content-type', 'content-length', 'host'];

const WebhookAuthSchema = z
  .object({
    /** Basic credentials ServiceNow's outbound REST message sends. */
    basic: z.object({ username: SecretRefSchema, password: SecretRefSchema }).strict().optional(),
    /** A header ServiceNow's outbound REST message sends with a shared token; its name is the instance admin's choice. */
    tokenHeader: z
      .object({
        name: HeaderNameSchema.refine((name) => !RESERVED_HEADERS.includes(name), 'may not be a reserved header'),
        value: SecretRefSchema,
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((auth) => auth.basic !== undefined || auth.tokenHeader !== undefined, 'needs basic credentials, a token header, or both');

export const BotIntegrationSchema = z
  .object({
    /** How Handoff signs in to the Bot Integration API: Basic or an OAuth password grant. */
    auth: ServiceNowAuthSchema.optional(),
    /** The static `token` header the instance's bot integration checks, if it is set up for one. */
    token: SecretRefSchema.optional(),
    /** @default "/api/sn_va_as_service/bot/integration" */
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9_./-]*$/, 'must be a path starting with /')
      .default('/api/sn_va_as_service/bot/integration'),
    /**
     * Context variables sent with the `AGENT` request, e.g. the values a work-item queue routes
     * by; values are templates (`{category}`, `{ticketNumber}`, ...). `live_agent_only` is always
     * "true". @default {}
     */
    contextVariables: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'context variable names are letters, digits and _'), templateSchema())
      .default({}),
    /** Queue name the bot sees while the user waits. @default "Live Agent" */
    queueName: z.string().min(1).max(100).default('Live Agent'),
    /** `displayName` of the bot's turns in `history`. @default "Bot" */
    botName: z.string().min(1).max(100).default('Bot'),
    /** `timezone` of every request (IANA name). @default "UTC" */
    timezone: z.string().min(1).max(64).default('UTC'),
    /** How ServiceNow's callbacks to `POST /v1/webhooks/servicenow` authenticate. */
    webhook: WebhookAuthSchema,
  })
  .strict()
  .refine((options) => options.auth !== undefined || options.token !== undefined, 'needs auth, token, or both');
export type BotIntegrationOptions = z.infer<typeof BotIntegrationSchema>;
