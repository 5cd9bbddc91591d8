import { z } from 'zod';
import type { HandoffMode, PlatformId } from '../contracts/status';

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
};
