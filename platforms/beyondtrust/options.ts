/** Options of BeyondTrust Remote Support: click-to-chat (url mode) and session keys (api mode). */
import { z } from 'zod';
import { SecretRefSchema } from '../../lib/secret-ref';
import { BaseUrlSchema, MaxUrlLengthSchema } from '../shared/option-schemas';
import { templateSchema } from '../shared/template';

export const BEYONDTRUST_QUEUE = /^(general|(rep|team):\d+|rep_username:\S+|issue:\S+)$/;

export const BeyondTrustOptionsSchema = z
  .object({
    /** The public site, e.g. `https://support.example.com`. */
    siteUrl: BaseUrlSchema,
    /** url mode: `codeName`, the issue the session starts under. */
    issueCodeName: z.string().min(1).max(100).optional(),
    /** url mode: `customer.name`. @default "{userName}" */
    customerName: templateSchema().default('{userName}'),
    /** url mode: `customer.details`, cut to 1,024 bytes. @default "{lastUtterance}" */
    customerDetails: templateSchema().default('{lastUtterance}'),
    /** url mode: `locale` when the user has none, e.g. `en-us`. */
    locale: z.string().min(2).max(35).optional(),
    /** `session.custom.<code name>` values (custom fields configured in /login); each cut to 1,024 characters. @default {} */
    customFields: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'custom field code names are lowercase letters, digits and _'), templateSchema())
      .refine((fields) => !('external_key' in fields), 'external_key always carries the handoff id')
      .default({}),
    maxUrlLength: MaxUrlLengthSchema,
    /** api mode: the API account's OAuth client, as `${ENV}` references. Required in api mode. */
    auth: z.object({ clientId: SecretRefSchema, clientSecret: SecretRefSchema }).strict().optional(),
    /** api mode: `queue_id` of `generate_session_key`. @default "general" */
    queue: z.string().regex(BEYONDTRUST_QUEUE, 'must be general, team:<id>, rep:<id>, rep_username:<name> or issue:<code name>').default('general'),
    /** api mode: `ttl`, seconds the session key stays valid (the appliance's default when unset). */
    sessionKeyTtlSeconds: z.number().int().min(60).max(31_536_000).optional(),
    /** api mode: the command API path. @default "/api/command" */
    commandPath: z
      .string()
      .regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be a path like /api/command')
      .default('/api/command'),
  })
  .strict();
export type BeyondTrustOptions = z.infer<typeof BeyondTrustOptionsSchema>;
