import { z } from 'zod';

export const HandoffStatusSchema = z.enum([
  'evaluating',
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

export const PlatformIdSchema = z.enum([
  'local-desk',
  'servicenow',
  'servicenow-connect-chat',
  'servicenow-awa',
  'amazon-connect',
  'glia',
  '8x8',
  'beyondtrust',
  'vayusphere',
  'five9',
  'incontact',
  'compucom',
  'intrasee',
  'generic-url',
  'generic-api',
]);
export type PlatformId = z.infer<typeof PlatformIdSchema>;
