import { z } from 'zod';
import { DurationSchema } from './duration';
import { TicketingOptionsSchema } from './ticketing-options';
import { PLATFORM_SUPPORT } from './platform-options';
import { HandoffModeSchema, PlatformIdSchema, type HandoffMode, type PlatformId } from '../contracts/status';

export const TimeoutsSchema = z
  .object({
    agentAccept: DurationSchema.default(300_000),
    inactivity: DurationSchema.default(900_000),
    maxDuration: DurationSchema.default(28_800_000),
  })
  .strict();
export type Timeouts = z.infer<typeof TimeoutsSchema>;

export const ProfileSchema = z
  .object({
    mode: HandoffModeSchema,
    platform: PlatformIdSchema,
    triggerRule: z.string().min(1).max(10_000).default('true'),
    fileTicket: z.boolean().default(false),
    shortDescriptionPrefix: z.string().max(100).default(''),
    ticketing: TicketingOptionsSchema.default({ system: 'local' }),
    timeouts: TimeoutsSchema.default({ agentAccept: 300_000, inactivity: 900_000, maxDuration: 28_800_000 }),
    platformOptions: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  // Runs even when other fields failed (`when`), so one pass reports every problem of a profile.
  .superRefine(checkPlatform, { when: (payload) => typeof (payload.value as { platform?: unknown })?.platform === 'string' });

export type Profile = z.infer<typeof ProfileSchema>;

function checkPlatform(profile: { platform: string; mode?: unknown; platformOptions?: unknown }, ctx: z.RefinementCtx): void {
  const support = PLATFORM_SUPPORT[profile.platform as PlatformId];
  if (!support) {
    if (PlatformIdSchema.safeParse(profile.platform).success) {
      ctx.addIssue({ code: 'custom', path: ['platform'], message: `platform "${profile.platform}" is not available in this build` });
    }
    return;
  }
  if (typeof profile.mode === 'string' && !support.modes.includes(profile.mode as HandoffMode)) {
    ctx.addIssue({ code: 'custom', path: ['mode'], message: `platform "${profile.platform}" supports modes ${support.modes.join(', ')}, not "${profile.mode}"` });
  }
  const options = support.options.safeParse(profile.platformOptions ?? {});
  if (!options.success) {
    for (const issue of options.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['platformOptions', ...issue.path.map(String)], message: issue.message });
    }
  } else {
    profile.platformOptions = options.data as Record<string, unknown>;
  }
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const HandoffConfigSchema = z
  .object({
    profiles: z.record(z.string().regex(PROFILE_NAME, 'profile names are lowercase letters, digits, - and _'), ProfileSchema).refine(
      (profiles) => Object.keys(profiles).length > 0,
      'at least one profile is required',
    ),
  })
  .strict();
export type HandoffConfig = z.infer<typeof HandoffConfigSchema>;
