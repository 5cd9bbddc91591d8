import { z } from 'zod';
import { DurationSchema } from './duration';
import { TicketingOptionsSchema } from '../ticketing/options';
import { HandoffModeSchema } from '../contracts/status';
import { findPlatform, PlatformIdSchema } from '../platforms';

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
    platformOptions: z.unknown().default({}),
  })
  .strict()
  // Runs even when other fields failed (`when`), so one pass reports every problem of a profile.
  .superRefine(checkPlatform, { when: (payload) => typeof (payload.value as { platform?: unknown })?.platform === 'string' });

export type Profile = z.infer<typeof ProfileSchema>;

/** The platform's own schema parses `platformOptions`; connectors receive what it parsed to. */
function checkPlatform(profile: { platform: string; mode?: unknown; platformOptions?: unknown }, ctx: z.RefinementCtx): void {
  const platform = findPlatform(profile.platform);
  if (!platform) return;
  if (typeof profile.mode === 'string' && !platform.modes.some((mode) => mode === profile.mode)) {
    ctx.addIssue({
      code: 'custom',
      path: ['mode'],
      message: `platform "${profile.platform}" supports modes ${platform.modes.join(', ')}, not "${profile.mode}"`,
    });
  }
  const options = platform.options.safeParse(profile.platformOptions ?? {});
  if (!options.success) {
    for (const issue of options.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['platformOptions', ...issue.path.map(String)], message: issue.message });
    }
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
