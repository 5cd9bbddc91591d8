import { z } from 'zod';

/** `waiting`: closed now, the handoff waits for the opening (fallback `wait-for-opening`), then queues. */
export const HandoffStatusSchema = z.enum([
  'evaluating',
  'waiting',
  'not_eligible',
  'redirected',
  'queued',
  'connected',
  'closed',
  'abandoned',
  'cancelled',
  'failed',
]);
export type HandoffStatus = z.infer<typeof HandoffStatusSchema>;

export const HandoffModeSchema = z.enum(['url', 'api', 'broker']);
export type HandoffMode = z.infer<typeof HandoffModeSchema>;

/** A platform id: one of those registered in `platforms/index.ts`. */
export type PlatformId = string;
