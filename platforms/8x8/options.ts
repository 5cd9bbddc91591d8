import { z } from 'zod';
import { RouteQueuesSchema } from '../shared/route-target';
import { SecretRefSchema } from '../../lib/secret-ref';

export const EIGHT_BY_EIGHT_BASE_URL = 'https://api.8x8.com/chat-gateway/v1';

export const EightByEightOptionsSchema = z
  .object({
    /** Chat Gateway base URL (regional hosts differ). @default "https://api.8x8.com/chat-gateway/v1" */
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/$/, ''))
      .default(EIGHT_BY_EIGHT_BASE_URL),
    /** The Chat Gateway API key, sent as `x-api-key`: a `${ENV}` reference. */
    apiKey: SecretRefSchema,
    /** Contact Center tenant: sent as `X-8x8-Tenant`, and webhooks must name it in `x-8x8-tenant-id`. */
    tenant: z.string().min(1).max(200),
    /** The Chat API channel whose webhook points at `/v1/webhooks/8x8`. */
    channelId: z.string().min(1).max(200),
    /** Chat queue the conversation is assigned to. */
    queueId: z.string().min(1).max(200),
    /** A profile's route queue names to 8x8 queue ids; a name not listed is taken as a queue id. @default {} */
    routeQueues: RouteQueuesSchema,
    /**
     * Where the user's typing state is POSTed (`{conversationId}` is replaced). 8x8 does not
     * publish this path; the default mirrors the `ACTIVITY` typing events it sends.
     * @default "/conversations/{conversationId}/activities"
     */
    typingPath: z
      .string()
      .regex(/^\/\S*\{conversationId\}\S*$/, 'must start with / and contain {conversationId}')
      .default('/conversations/{conversationId}/activities'),
    /** Webhooks whose `x-8x8-transmission-time` is further than this from now are refused as replays. @default 300 */
    maxEventAgeSeconds: z.number().int().min(10).max(3_600).default(300),
  })
  .strict();
export type EightByEightOptions = z.infer<typeof EightByEightOptionsSchema>;
