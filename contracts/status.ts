import { z } from 'zod';

export const HandoffStatusSchema = z.enum(['evaluating', 'not_eligible', 'redirected', 'queued', 'connected', 'closed', 'abandoned', 'cancelled', 'failed']);
export type HandoffStatus = z.infer<typeof HandoffStatusSchema>;

export const HandoffModeSchema = z.enum(['url', 'api', 'broker']);
export type HandoffMode = z.infer<typeof HandoffModeSchema>;

/** A platform id: one of those registered in `platforms/index.ts`. */
export type PlatformId = string;
