import { z } from 'zod';
import { supportedMimeTypes } from 'file-type';
import { DurationSchema } from './duration';
import { HoursSchema } from '../availability/hours-schema';
import { FallbackActionSchema } from '../contracts/fallback';
import { TicketingOptionsSchema } from '../ticketing/options';
import { HandoffModeSchema, type HandoffMode } from '../contracts/status';
import { findPlatform, PlatformIdSchema } from '../platforms';
import { RedactionRulesSchema } from '../lib/redaction/rules';
import { SummarySettingsSchema } from './summary-settings';
import { RoutesSchema } from './routes';

const TIMEOUT_DEFAULTS = { agentAccept: 300_000, inactivity: 900_000, maxDuration: 28_800_000 };

/**
 * Bounds of `userIdleCheckIn`: Amazon Connect's chat timers go up to 480 minutes, and so does this;
 * its floor of 2 minutes is lowered to 10 s, so that a demo or a test can show a check-in without
 * a wait (a check-in past `inactivity` would never be seen, so it must come before).
 */
export const USER_IDLE_CHECK_IN_BOUNDS = { minMs: 10_000, maxMs: 480 * 60_000 };

export const TimeoutsSchema = z
  .object({
    agentAccept: DurationSchema.optional(),
    inactivity: DurationSchema.optional(),
    maxDuration: DurationSchema.optional(),
    /** After the user is silent this long in a connected chat, the user gets a check-in through the bot (`handoff.check-in`). */
    userIdleCheckIn: DurationSchema.optional(),
  })
  .strict()
  .superRefine(({ userIdleCheckIn, inactivity = TIMEOUT_DEFAULTS.inactivity }, ctx) => {
    if (userIdleCheckIn === undefined) return;
    const { minMs, maxMs } = USER_IDLE_CHECK_IN_BOUNDS;
    if (userIdleCheckIn < minMs || userIdleCheckIn > maxMs) {
      ctx.addIssue({ code: 'custom', path: ['userIdleCheckIn'], message: 'must be between 10s and 480m' });
    } else if (userIdleCheckIn >= inactivity) {
      ctx.addIssue({ code: 'custom', path: ['userIdleCheckIn'], message: `must be shorter than inactivity (${inactivity / 1000}s), which closes the chat` });
    }
  });
export type Timeouts = typeof TIMEOUT_DEFAULTS & { userIdleCheckIn?: number };

/**
 * Which mode has the state each timeout guards (system.md: a key that cannot apply to the mode is a
 * start-up error): a url handoff ends at the redirect; in api mode the user and the agent talk on
 * the platform, so Handoff cannot see inactivity.
 */
export const TIMEOUT_MODES: Readonly<Record<keyof Timeouts, readonly HandoffMode[]>> = {
  agentAccept: ['api', 'broker'],
  inactivity: ['broker'],
  maxDuration: ['api', 'broker'],
  userIdleCheckIn: ['broker'],
};

/** What a profile accepts from users when `attachments` does not say. */
export const DEFAULT_ATTACHMENT_LIMITS: { maxBytes: number; types: string[] } = {
  maxBytes: 10 * 1024 * 1024,
  types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
};

/** Types are told from the bytes (attachments/content-type.ts): only those file-type knows, and `text/plain`, can ever match. */
const AttachmentTypeSchema = z
  .string()
  .refine(
    (type) => type === 'text/plain' || supportedMimeTypes.has(type),
    'is not a media type Handoff can tell from the bytes (file-type knows it, or text/plain)',
  );

/** The profile's limits on users' files (`POST /v1/handoffs/{id}/attachments`). */
export const AttachmentLimitsSchema = z
  .object({
    maxBytes: z
      .number()
      .int()
      .positive()
      .max(1024 ** 3, 'must be at most 1 GiB')
      .default(DEFAULT_ATTACHMENT_LIMITS.maxBytes),
    types: z.array(AttachmentTypeSchema).min(1).max(100).default(DEFAULT_ATTACHMENT_LIMITS.types),
  })
  .strict();

/** After a chat that reached an agent, the handoff takes `POST /v1/handoffs/{id}/survey` for `windowMinutes`. */
export const SurveySettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    windowMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60)
      .default(10),
  })
  .strict();

/** The fallback ladder: what happens instead of a live agent (closed, no agent available, nobody accepted), first that applies. */
export const FallbackLadderSchema = z
  .array(FallbackActionSchema)
  .min(1)
  .max(3)
  .refine((actions) => new Set(actions).size === actions.length, 'names each action at most once');

/**
 * Which modes each of these profile keys can apply in (a key that cannot apply is a start-up error):
 * a url handoff ends at the redirect, so nobody waits for an opening or rates a chat Handoff never saw;
 * in api mode the user joins by a link the bot had at the start, which a later opening cannot give.
 */
export const FALLBACK_ACTION_MODES: Readonly<Record<z.infer<typeof FallbackActionSchema>, readonly HandoffMode[]>> = {
  'wait-for-opening': ['broker'],
  callback: ['url', 'api', 'broker'],
  ticket: ['url', 'api', 'broker'],
};
export const SURVEY_MODES: readonly HandoffMode[] = ['api', 'broker'];

export const ProfileSchema = z
  .object({
    mode: HandoffModeSchema,
    platform: PlatformIdSchema,
    triggerRule: z.string().min(1).max(10_000).default('true'),
    fileTicket: z.boolean().default(false),
    shortDescriptionPrefix: z.string().max(100).default(''),
    ticketing: TicketingOptionsSchema.default({ system: 'local' }),
    timeouts: TimeoutsSchema.default({}),
    attachments: AttachmentLimitsSchema.default(DEFAULT_ATTACHMENT_LIMITS),
    hours: HoursSchema.optional(),
    fallback: FallbackLadderSchema.optional(),
    survey: SurveySettingsSchema.optional(),
    /** What is redacted from every user text before an agent, a ticket, a summary or a log sees it. */
    redact: RedactionRulesSchema.default([]),
    /** Where the chat goes by what the bot knows (skill, language): the first route whose rule holds, else the platform's own queue. */
    routes: RoutesSchema.default([]),
    /** Who writes what the agent sees first. */
    summary: SummarySettingsSchema.default({ provider: 'extractive' }),
    platformOptions: z.unknown().default({}),
  })
  .strict()
  // Runs even when other fields failed (`when`), so one pass reports every problem of a profile; but
  // not on a mode that is itself wrong, where every key would be refused for a mode nobody meant.
  .superRefine(checkModeKeys, { when: (payload) => hasValidMode(payload.value) })
  .superRefine(checkPlatform, { when: (payload) => typeof (payload.value as { platform?: unknown })?.platform === 'string' })
  .transform((profile) => ({ ...profile, timeouts: { ...TIMEOUT_DEFAULTS, ...profile.timeouts } }));

export type Profile = z.infer<typeof ProfileSchema>;

function hasValidMode(profile: unknown): boolean {
  return HandoffModeSchema.safeParse((profile as { mode?: unknown } | undefined)?.mode).success;
}

function checkModeKeys(profile: { mode: unknown; timeouts?: unknown; fallback?: unknown; survey?: unknown }, ctx: z.RefinementCtx): void {
  const mode = profile.mode as HandoffMode;
  if (Array.isArray(profile.fallback)) {
    profile.fallback.forEach((action: unknown, index) => {
      const modes = FALLBACK_ACTION_MODES[action as keyof typeof FALLBACK_ACTION_MODES];
      if (modes && !modes.includes(mode))
        ctx.addIssue({ code: 'custom', path: ['fallback', index], message: `applies only in ${modes.join(' and ')} mode, not in ${mode} mode` });
    });
  }
  if (profile.survey !== undefined && !SURVEY_MODES.includes(mode)) {
    ctx.addIssue({ code: 'custom', path: ['survey'], message: `applies only in ${SURVEY_MODES.join(' and ')} mode, not in ${mode} mode` });
  }
  const configured = typeof profile.timeouts === 'object' && profile.timeouts !== null ? Object.keys(profile.timeouts) : [];
  for (const key of configured) {
    const modes = TIMEOUT_MODES[key as keyof Timeouts];
    if (modes && !modes.some((mode) => mode === profile.mode)) {
      ctx.addIssue({ code: 'custom', path: ['timeouts', key], message: `applies only in ${modes.join(' and ')} mode, not in ${String(profile.mode)} mode` });
    }
  }
}

/** The platform's own schema parses `platformOptions`; connectors receive what it parsed to. */
function checkPlatform(profile: { platform: string; mode?: unknown; platformOptions?: unknown }, ctx: z.RefinementCtx): void {
  const platform = findPlatform(profile.platform);
  if (!platform) return;
  const mode = hasValidMode(profile) ? (profile.mode as HandoffMode) : undefined;
  if (mode && !platform.modes.includes(mode)) {
    ctx.addIssue({
      code: 'custom',
      path: ['mode'],
      message: `platform "${profile.platform}" supports modes ${platform.modes.join(', ')}, not "${profile.mode}"`,
    });
  }
  const configured = typeof profile.platformOptions === 'object' && profile.platformOptions !== null ? Object.keys(profile.platformOptions) : [];
  for (const key of configured) {
    const modes = platform.optionModes[key];
    if (modes && mode && !modes.includes(mode)) {
      ctx.addIssue({ code: 'custom', path: ['platformOptions', key], message: `applies only in ${modes.join(' and ')} mode, not in ${mode} mode` });
    }
  }
  const options = platform.options.safeParse(profile.platformOptions ?? {}, { reportInput: true });
  if (!options.success) {
    // As they are, so an unknown or missing option reads as one (config/schema-problems.ts).
    for (const issue of options.error.issues) ctx.addIssue({ ...issue, path: ['platformOptions', ...issue.path] });
  } else {
    profile.platformOptions = options.data;
  }
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const HandoffConfigSchema = z
  .object({
    profiles: z
      .record(z.string().regex(PROFILE_NAME, 'profile names are lowercase letters, digits, - and _'), ProfileSchema)
      .refine((profiles) => Object.keys(profiles).length > 0, 'at least one profile is required'),
  })
  .strict();
export type HandoffConfig = z.infer<typeof HandoffConfigSchema>;
