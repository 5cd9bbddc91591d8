import { z } from 'zod';
import type { HandoffMode, PlatformId } from '../contracts/status';
import { AmazonConnectOptionsSchema } from './platforms/amazon-connect';
import { EightByEightOptionsSchema } from './platforms/eight-by-eight';
import { BeyondTrustOptionsSchema } from './platforms/beyondtrust';
import { Five9OptionsSchema } from './platforms/five9';
import { GliaOptionsSchema } from './platforms/glia';
import { GenericApiOptionsSchema } from './platforms/generic-api';
import { GenericUrlOptionsSchema } from './platforms/generic-url';
import { InContactOptionsSchema } from './platforms/incontact';
import { ServiceNowAwaOptionsSchema, ServiceNowConnectChatOptionsSchema, ServiceNowOptionsSchema } from './platforms/servicenow';
import { BotIntegrationSchema } from './platforms/servicenow-bot-integration';
import { VayusphereOptionsSchema } from './platforms/vayusphere';

const LocalDeskOptionsSchema = z
  .object({
    /** Queue name shown to the user and the agent. @default "General" */
    queue: z.string().min(1).max(100).default('General'),
  })
  .strict();
export type LocalDeskOptions = z.infer<typeof LocalDeskOptionsSchema>;

interface PlatformSupport {
  modes: readonly HandoffMode[];
  options: z.ZodType;
}

/** The platforms this build can hand off to, the modes each supports and its options schema. */
export const PLATFORM_SUPPORT: Partial<Record<PlatformId, PlatformSupport>> = {
  'local-desk': { modes: ['url', 'api', 'broker'], options: LocalDeskOptionsSchema },
  // Broker mode (Virtual Agent Bot Integration API) reads `botIntegration`; url mode ignores it.
  servicenow: { modes: ['url', 'broker'], options: ServiceNowOptionsSchema.extend({ botIntegration: BotIntegrationSchema.optional() }) },
  'servicenow-connect-chat': { modes: ['url'], options: ServiceNowConnectChatOptionsSchema },
  'servicenow-awa': { modes: ['url'], options: ServiceNowAwaOptionsSchema },
  beyondtrust: { modes: ['url', 'api'], options: BeyondTrustOptionsSchema },
  five9: { modes: ['url'], options: Five9OptionsSchema },
  incontact: { modes: ['url'], options: InContactOptionsSchema },
  compucom: { modes: ['url'], options: GenericUrlOptionsSchema },
  intrasee: { modes: ['url'], options: GenericUrlOptionsSchema },
  'generic-url': { modes: ['url'], options: GenericUrlOptionsSchema },
  'generic-api': { modes: ['api'], options: GenericApiOptionsSchema },
  vayusphere: { modes: ['api'], options: VayusphereOptionsSchema },
  'amazon-connect': { modes: ['broker'], options: AmazonConnectOptionsSchema },
  '8x8': { modes: ['broker'], options: EightByEightOptionsSchema },
  glia: { modes: ['broker'], options: GliaOptionsSchema },
};
