/**
 * Options of the ServiceNow Virtual Agent web client deep link (url mode), shared by `servicenow`,
 * `servicenow-connect-chat` and `servicenow-awa`; `servicenow` adds the broker-mode key
 * `botIntegration` to this same object.
 */
import { z } from 'zod';
import { BaseUrlSchema, MaxUrlLengthSchema } from '../shared/option-schemas';
import { templateSchema } from '../shared/template';
import { BotIntegrationSchema } from './bot-integration-options';

/** `sysparm_<name>` parameters the connector sets itself from dedicated options. */
export const DEEP_LINK_OWN_PARAMS: Readonly<Record<string, string>> = {
  live_agent_only: 'liveAgentOnly',
  search_text: '(the last utterance)',
  short_description: 'shortDescription',
  liveagent_queue: 'queue',
  liveagent_application: 'application',
  portal: 'portal',
  branding_key: 'brandingKey',
  skip_load_history: 'skipLoadHistory',
  requester_session_language: 'language',
};

const VaContextSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'context names are lowercase letters, digits and _'), templateSchema())
  .superRefine((context, ctx) => {
    for (const name of Object.keys(context)) {
      const option = DEEP_LINK_OWN_PARAMS[name];
      if (option) ctx.addIssue({ code: 'custom', path: [name], message: `sysparm_${name} is set by ${option}, not vaContext` });
    }
  });

const deepLinkShape = {
  /** The instance, e.g. `https://acme.service-now.com`. */
  instanceUrl: BaseUrlSchema,
  /** `sysparm_live_agent_only`: go straight to an agent instead of the bot. @default true */
  liveAgentOnly: z.boolean().default(true),
  /** `sysparm_short_description` (a Live Agent context variable). @default "{summary}" */
  shortDescription: templateSchema().default('{summary}'),
  /** `sysparm_liveagent_queue`: the queue's sys_id (seen in public portal code). */
  queue: z.string().min(1).max(200).optional(),
  /** `sysparm_liveagent_application`, e.g. `csm` (seen in public portal code). */
  application: z.string().min(1).max(100).optional(),
  /** `sysparm_portal`. */
  portal: z.string().min(1).max(100).optional(),
  /** `sysparm_branding_key`. */
  brandingKey: z.string().min(1).max(100).optional(),
  /** `sysparm_skip_load_history=true`: open without earlier conversations. @default false */
  skipLoadHistory: z.boolean().default(false),
  /** `sysparm_requester_session_language` when the user has no `locale`. */
  language: z.string().min(2).max(35).optional(),
  /** Extra `sysparm_<name>` parameters; the topic reads them as `vaContext.<name>`. @default {} */
  vaContext: VaContextSchema.default({}),
  maxUrlLength: MaxUrlLengthSchema,
};

const DeepLinkOptionsSchema = z.object(deepLinkShape).strict();
/** What the deep link reads, on any of the three platforms. */
export type ServiceNowDeepLinkOptions = z.infer<typeof DeepLinkOptionsSchema>;

/** `servicenow`: the deep link, and the Bot Integration API in broker mode (url mode ignores `botIntegration`). */
export const ServiceNowOptionsSchema = z
  .object({
    ...deepLinkShape,
    /** Broker mode's Virtual Agent Bot Integration API; a broker profile without it fails its handoffs. */
    botIntegration: BotIntegrationSchema.optional(),
  })
  .strict();
export type ServiceNowOptions = z.infer<typeof ServiceNowOptionsSchema>;

/** Connect Chat routes by its support queue, so the queue is required. */
export const ServiceNowConnectChatOptionsSchema = z.object({ ...deepLinkShape, queue: z.string().min(1).max(200) }).strict();
export type ServiceNowConnectChatOptions = z.infer<typeof ServiceNowConnectChatOptionsSchema>;

/** AWA routes by its own assignment rules; queue and application stay optional. */
export const ServiceNowAwaOptionsSchema = DeepLinkOptionsSchema;
export type ServiceNowAwaOptions = ServiceNowDeepLinkOptions;
