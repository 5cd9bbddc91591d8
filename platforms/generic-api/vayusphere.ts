/**
 * `vayusphere`: a preset of `generic-api`. No public API documentation was found, so the preset's
 * endpoint, body and answer paths are a guess at a typical queue API, each overridable; unverified
 * against the real service.
 */
import { z } from 'zod';
import { SecretRefSchema } from '../../lib/secret-ref';
import { BaseUrlSchema } from '../shared/option-schemas';
import { GenericApiOptionsSchema } from './options';

export const VAYUSPHERE_PRESET = {
  method: 'POST',
  path: '/api/v1/handoffs',
  body: (queue: string) => ({
    queue,
    reference: '{handoffId}',
    user: { id: '{userId}', name: '{userName}', email: '{userEmail}', locale: '{userLocale}' },
    message: '{lastUtterance}',
    summary: '{summary}',
    ticket: '{ticketNumber}',
  }),
  response: { joinUrl: '$.joinUrl', queuePosition: '$.position', sessionId: '$.sessionId' },
} as const;

const VayusphereInputSchema = z
  .object({
    /** The tenant's API, e.g. `https://acme.vayusphere.com`. */
    baseUrl: BaseUrlSchema,
    /** The API key, sent as `Authorization: Bearer`, as an `${ENV}` reference. */
    apiKey: SecretRefSchema,
    /** The queue the user joins. @default "General" */
    queue: z.string().min(1).max(100).default('General'),
    /** Overrides of the preset's request: `method`, `path`, `headers` (merged), `body` (replaced). */
    request: z
      .object({
        method: z.enum(['POST', 'PUT', 'PATCH', 'GET']).optional(),
        path: z.string().regex(/^\//, 'must start with /').optional(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
      })
      .strict()
      .default({}),
    /** Overrides of the preset's answer paths (merged). */
    response: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const VayusphereOptionsSchema = VayusphereInputSchema.transform((input): z.input<typeof GenericApiOptionsSchema> => ({
  request: {
    method: input.request.method ?? VAYUSPHERE_PRESET.method,
    url: `${input.baseUrl}${input.request.path ?? VAYUSPHERE_PRESET.path}`,
    headers: { authorization: `Bearer ${input.apiKey}`, 'idempotency-key': '{idempotencyKey}', ...input.request.headers },
    body: input.request.body ?? VAYUSPHERE_PRESET.body(input.queue),
  },
  response: { ...VAYUSPHERE_PRESET.response, ...input.response },
  queueName: input.queue,
})).pipe(GenericApiOptionsSchema);
