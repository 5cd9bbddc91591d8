import { z } from 'zod';

/** Answer of the liveness route: the API process serves. */
export const LivenessSchema = z.object({ status: z.literal('ok') });

/** Answer of the readiness route: Temporal answers too. */
export const ReadinessSchema = z.object({ status: z.literal('ready') });
