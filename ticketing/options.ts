import { z } from 'zod';
import { httpsUrl } from '../lib/https-url';
import { SecretRefSchema } from '../lib/secret-ref';

export const ServiceNowAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), username: SecretRefSchema, password: SecretRefSchema }).strict(),
  z
    .object({
      type: z.literal('oauth'),
      clientId: SecretRefSchema,
      clientSecret: SecretRefSchema,
      username: SecretRefSchema,
      password: SecretRefSchema,
    })
    .strict(),
]);
export type ServiceNowAuth = z.infer<typeof ServiceNowAuthSchema>;

export const TicketingOptionsSchema = z.discriminatedUnion('system', [
  z.object({ system: z.literal('local') }).strict(),
  z
    .object({
      system: z.literal('servicenow'),
      instanceUrl: httpsUrl,
      auth: ServiceNowAuthSchema,
      table: z
        .string()
        .regex(/^[a-z_0-9]+$/)
        .default('incident'),
      assignmentGroup: z.string().optional(),
      category: z.string().optional(),
    })
    .strict(),
]);
export type TicketingOptions = z.infer<typeof TicketingOptionsSchema>;
export type ServiceNowTicketingOptions = Extract<TicketingOptions, { system: 'servicenow' }>;
