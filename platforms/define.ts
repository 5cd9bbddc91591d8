/**
 * What a platform is, as data: one `definePlatform({...})` per platform folder, registered once in
 * `platforms/index.ts`. The configuration schema, the worker's connectors, the webhook pipeline, the
 * OpenAPI document, the platform table of docs/platforms.md and the workflow's view of a platform
 * all derive from these descriptions.
 */
import type { z } from 'zod';
import type { HandoffMode } from '../contracts/status';
import type { AvailabilityProbe, CallbackList, ModeConnectors, PlatformConnector } from './connector';
import type { WebhookFreshness } from './shared/webhook-freshness';
import type { WebhookAdapter } from './webhook';

/** What a platform can do beyond its modes. Each defaults to false. */
export interface PlatformCapabilities {
  /** The user's typing state reaches the agent's console. */
  userTyping: boolean;
  /** The agent's typing state reaches the user. */
  agentTyping: boolean;
  /** The agent can hand the chat to another queue or agent, and the user hears of it. */
  transfers: boolean;
  /**
   * The connector takes the user's files itself (attachment items in `deliver`); a platform without
   * it gets a message with a signed link (7 days) in each file's place.
   */
  attachments: boolean;
  /** Handoff can ask whether agents are there before offering one: set when the platform has an `availability` probe. */
  availability: boolean;
  /** The connector tells the user's place and wait while queued (`queueStatus`); the workflow polls it. */
  queueStatus: boolean;
  /**
   * The platform itself drops a repeated user message (same session and `messageId`), whichever
   * worker sends it and however late. Only such a platform is sent messages from a local activity,
   * before the workflow task that took them has committed.
   */
  dropsRepeatedUserMessages: boolean;
}

/** What connectors and webhook adapters are built from; the composition root passes it. */
export interface PlatformDeps {
  /** Where `${ENV}` secret references of platform options are resolved. */
  env: NodeJS.ProcessEnv;
  /** Handoff's public base URL, where platforms that register webhooks per chat (Glia) send events. */
  publicUrl: string;
  /** The built-in desk's integration API. */
  localDesk: { deskUrl: string; secret: string };
  log(message: string, context: object): void;
  clock(): number;
  /** The webhook freshness windows (`HANDOFF_WEBHOOK_MAX_AGE`, `HANDOFF_WEBHOOK_EVENT_MAX_AGE`). @default 5 minutes and 1 hour */
  webhookFreshness?: WebhookFreshness;
}

/** A row of the platform table in docs/platforms.md (`npm run docs` writes it; a test fails when it is stale). */
export interface PlatformDocs {
  /** How the row names the platform, when more than its id (e.g. "`servicenow`, url (…)"). */
  label?: string;
  /** The modes this row is about, when a platform documents its modes in rows of their own. @default all its modes */
  modes?: readonly HandoffMode[];
  /** The configuration keys, as docs/platforms.md shows them. */
  configurationKeys: string;
  /** What the implementation was checked against. */
  checkedAgainst: string;
  /** Markdown printed under the table: set-up steps on the platform's side, assumptions. */
  notes?: string;
}

export interface PlatformSpec<Options, Modes extends HandoffMode, Verified> {
  /** The `platform` value of a profile. */
  id: string;
  /**
   * The product's name as its users know it ('Five9'), for what users are told: "Five9's chat page".
   * Absent for a platform that stands for the organisation's own desk or is whatever its
   * configuration points at (the local desk, `generic-url`): users hear "the service desk" then.
   */
  name?: string;
  modes: readonly Modes[];
  capabilities?: Partial<Omit<PlatformCapabilities, 'availability'>>;
  /** The profile's `platformOptions`; the connector and the webhook receive what it parses to. */
  options: z.ZodType<Options>;
  /** `platformOptions` keys that apply only in some of the platform's modes; configuring one for another mode is a start-up error. */
  optionModes?: Readonly<Partial<Record<keyof Options & string, readonly Modes[]>>>;
  connector(deps: PlatformDeps): PlatformConnector<Options, Modes>;
  webhook?(deps: PlatformDeps): WebhookAdapter<Options, Verified>;
  /** Asks the platform whether agents are there before a live agent is offered; without it, only the profile's hours count. */
  availability?(deps: PlatformDeps): AvailabilityProbe<Options>;
  /** Keeps users' callback requests where the platform's agents see them (fallback `callback`); without it, only the ticket has them. */
  callbacks?(deps: PlatformDeps): CallbackList<Options>;
  docs: PlatformDocs | readonly PlatformDocs[];
}

/**
 * A platform as the registry holds it. Its options' type is no longer known here; the registry
 * hands each connector the options that its own schema parsed when the configuration was loaded.
 */
export interface Platform {
  id: string;
  name?: string;
  modes: readonly HandoffMode[];
  capabilities: PlatformCapabilities;
  options: z.ZodType;
  optionModes: Readonly<Record<string, readonly HandoffMode[] | undefined>>;
  connector(deps: PlatformDeps): Partial<ModeConnectors<unknown>>;
  webhook?(deps: PlatformDeps): WebhookAdapter<unknown, unknown>;
  availability?(deps: PlatformDeps): AvailabilityProbe<unknown>;
  callbacks?(deps: PlatformDeps): CallbackList<unknown>;
  docs: PlatformDocs | readonly PlatformDocs[];
}

const NO_CAPABILITIES: PlatformCapabilities = {
  userTyping: false,
  agentTyping: false,
  transfers: false,
  attachments: false,
  availability: false,
  queueStatus: false,
  dropsRepeatedUserMessages: false,
};

export function definePlatform<Options, Modes extends HandoffMode, Verified = void>(spec: PlatformSpec<Options, Modes, Verified>): Platform {
  return {
    ...spec,
    capabilities: { ...NO_CAPABILITIES, ...spec.capabilities, availability: spec.availability !== undefined },
    optionModes: spec.optionModes ?? {},
  };
}

/** What the workflow decides by, copied into its input at start, so a run keeps deciding the same way whatever a later release says. */
export interface PlatformTraits {
  dropsRepeatedUserMessages: boolean;
  /** The workflow polls the connector's `queueStatus` while the user is queued. */
  queueStatus: boolean;
}

export function traitsOf(platform: Platform): PlatformTraits {
  return { dropsRepeatedUserMessages: platform.capabilities.dropsRepeatedUserMessages, queueStatus: platform.capabilities.queueStatus };
}
