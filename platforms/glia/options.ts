/** Options of Glia (broker mode): the operator API, the queue, and the secret our webhook checks. */
import { z } from 'zod';
import { RouteQueuesSchema } from '../shared/route-target';
import { SecretRefSchema } from '../../lib/secret-ref';
import { BaseUrlSchema, HeaderNameSchema } from '../shared/option-schemas';

export const GliaOptionsSchema = z
  .object({
    /** @default "https://api.glia.com" */
    baseUrl: BaseUrlSchema.default('https://api.glia.com'),
    /** The API key (`POST /operator_authentication/tokens`). */
    apiKeyId: SecretRefSchema,
    apiKeySecret: SecretRefSchema,
    /** The site the visitor is created on and enqueued at. */
    siteId: z.string().min(1).max(100),
    /** The queue every queue ticket of this profile goes to. */
    queueId: z.string().min(1).max(100),
    /** Queue name the bot sees while the user waits. @default "Glia" */
    queueName: z.string().min(1).max(100).default('Glia'),
    /** A profile's route queue names to Glia queue ids; a name not listed is taken as a queue id. @default {} */
    routeQueues: RouteQueuesSchema,
    /**
     * The header Glia sends back on every webhook request. Its value is an HMAC of the handoff
     * keyed by `secret`, so a leaked value opens no other handoff.
     */
    webhook: z
      .object({
        /** @default "x-handoff-webhook-secret" */
        headerName: HeaderNameSchema.default('x-handoff-webhook-secret'),
        secret: SecretRefSchema,
      })
      .strict(),
    /**
     * Where the availability probe reads the queue's status (`GET`, `{siteId}` and `{queueId}` filled in):
     * Glia's SDK docs name the states but not the REST call, so it is configurable.
     * @default "/sites/{siteId}/queues/{queueId}"
     */
    queueStatusPath: z
      .string()
      .min(1)
      .max(500)
      .regex(/^\/[^\s?#]*(\?[^\s#]*)?$/, 'is a path on baseUrl starting with "/"')
      .default('/sites/{siteId}/queues/{queueId}'),
    /** The field of that answer holding the status (a dotted path for a nested one). @default "status" */
    queueStatusField: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'is a field name, or a dotted path such as "state.status"')
      .max(200)
      .default('status'),
    /** Body of `PATCH /engagements/{id}` that ends an engagement; Glia's docs do not show it. @default { "status": "ended" } */
    endEngagementBody: z.record(z.string(), z.unknown()).default({ status: 'ended' }),
  })
  .strict();
export type GliaOptions = z.infer<typeof GliaOptionsSchema>;
