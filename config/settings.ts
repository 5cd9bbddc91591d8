import { z } from 'zod';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE_CONFIG_PATH = path.join(PROJECT_ROOT, 'config', 'handoff.example.yaml');

const optionalText = z.string().min(1).optional();

/** Run-time settings read once from the environment at start-up. */
export const SettingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HANDOFF_CONFIG: z.string().min(1).default(EXAMPLE_CONFIG_PATH),
  HANDOFF_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  HANDOFF_CALLBACK_SECRET: z.string().min(16, 'must be at least 16 characters'),
  HANDOFF_PUBLIC_URL: z.url().optional(),
  HANDOFF_DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  LOCAL_DESK_SECRET: z.string().min(16, 'must be at least 16 characters'),
  LOCAL_DESK_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('handoff'),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_TLS_CA: optionalText,
  HANDOFF_CONTINUE_AS_NEW_EVENTS: z.coerce.number().int().min(100).default(2_000),
  // The demo bot starts handoffs with the API token on behalf of whoever opens its page: off unless asked for.
  HANDOFF_DEMO: z.enum(['on', 'off']).default('off'),
});
export type RawSettings = z.infer<typeof SettingsSchema>;

export interface Settings extends RawSettings {
  /** Where bots and the local desk reach this API. */
  publicUrl: string;
  /** Where the local desk connector reaches the desk. */
  localDeskUrl: string;
}

/** Thrown when the environment does not hold valid settings; lists every problem. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const raw = parsed.data;
  const publicUrl = (raw.HANDOFF_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '');
  return { ...raw, publicUrl, localDeskUrl: (raw.LOCAL_DESK_URL ?? `${publicUrl}/desk`).replace(/\/$/, '') };
}
