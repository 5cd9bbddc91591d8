import { z } from 'zod';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encryptionKeysSetting } from '../codec/encryption-keys';
import { CallbackHostListSchema, EdgeLimitSettingsSchema, ListenHostSchema, OriginListSchema } from './edge-settings';
import { DurationSchema } from './duration';
import { attachmentSettingProblems, AttachmentSettingsSchema } from './attachment-settings';
import { DeskAgentSettingSchema } from '../contracts/desk-agent';
import { LOG_FORMATS, LOG_LEVELS } from '../observability/logger';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE_CONFIG_PATH = path.join(PROJECT_ROOT, 'config', 'handoff.example.yaml');

const optionalText = z.string().min(1).optional();

/** A port in decimal digits: an empty `PORT=` is a mistake, not port 0. */
function portNumber() {
  const message = 'must be a port number from 0 to 65535';
  return z
    .string()
    .regex(/^\s*\d{1,5}\s*$/, message)
    .transform(Number)
    .refine((port) => port <= 65_535, message);
}

/** A webhook freshness window: a duration from 30 s to 1 day, in milliseconds. */
function webhookWindow(fallbackMs: number) {
  return DurationSchema.refine((ms) => ms >= 30_000 && ms <= 86_400_000, 'must be a duration from 30s to 1d').default(fallbackMs);
}

/** Run-time settings read once from the environment at start-up. */
export const SettingsSchema = z.object({
  PORT: portNumber().default(3000),
  /** Where the API listens (and, under `npm start`, the Temporal dev server and its UI): this machine only unless set. */
  HOST: ListenHostSchema,
  HANDOFF_CONFIG: z.string().min(1).default(EXAMPLE_CONFIG_PATH),
  HANDOFF_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  HANDOFF_CALLBACK_SECRET: z.string().min(16, 'must be at least 16 characters'),
  HANDOFF_PUBLIC_URL: z.url().optional(),
  HANDOFF_DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  LOCAL_DESK_SECRET: z.string().min(16, 'must be at least 16 characters'),
  /** The payload codec's keys, `<id>:<base64 of 32 bytes>,…`: the first encrypts, all decrypt. */
  HANDOFF_ENCRYPTION_KEYS: encryptionKeysSetting,
  /** The codec server's token; without one the API serves no `/codec` endpoint. */
  HANDOFF_CODEC_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOCAL_DESK_URL: z.url().optional(),
  /** `name:password` of a desk agent created, or given this password, at start-up. */
  HANDOFF_DESK_AGENT: DeskAgentSettingSchema.optional(),
  /** How long a desk join link works before its first use (it works once). */
  HANDOFF_DESK_JOIN_LINK_TTL: DurationSchema.refine((ms) => ms >= 10_000 && ms <= 86_400_000, 'must be a duration from 10s to 1d').default(10 * 60_000),
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
  /** The log level of the API and the worker, as the Temporal SDK names levels. */
  HANDOFF_LOG_LEVEL: z.enum(LOG_LEVELS).default('INFO'),
  /** `json` (one object per line) or `pretty` (for a person); unset: pretty when stdout is a terminal, json otherwise. */
  HANDOFF_LOG_FORMAT: z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
  /** Origins granted CORS on the bot API (comma-separated); none unless set. */
  HANDOFF_CORS_ORIGINS: OriginListSchema,
  /** Hosts (`host` or `host:port`, comma-separated) a callbackUrl may name over http or at an internal address. */
  HANDOFF_CALLBACK_HOSTS: CallbackHostListSchema,
  /** `HANDOFF_LIMIT_*`: the API's rate limits. */
  ...EdgeLimitSettingsSchema.shape,
  /** Lets a client elsewhere than this machine read `/metrics` (API and worker) with `Authorization: Bearer`; loopback only unless set. */
  HANDOFF_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where the worker serves `/metrics` (on `HOST`); 0 takes any free port. */
  WORKER_METRICS_PORT: portNumber().default(9464),
  /** How old a webhook delivery signed with a per-attempt timestamp may be (local desk, 8x8). */
  HANDOFF_WEBHOOK_MAX_AGE: webhookWindow(5 * 60_000),
  /** How old a webhook delivery dated only by its event may be (SNS, Glia): it must outlast the platform's retries. */
  HANDOFF_WEBHOOK_EVENT_MAX_AGE: webhookWindow(60 * 60_000),
  /** The trace collector's OTLP/HTTP base URL (spans go to `<it>/v1/traces`); no trace leaves the process unless set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http or https URL, like http://localhost:4318' }).optional(),
  /** The spans' `service.name`; `handoff-api` and `handoff-worker` unless set. */
  OTEL_SERVICE_NAME: optionalText,
  /** `HANDOFF_ATTACHMENT_*`: the attachment store, retention and scanner. */
  ...AttachmentSettingsSchema.shape,
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

/** Where a setting came from when not from the environment variable of its name (`npm start` reads secrets from a file). */
export type SettingOrigins = Partial<Record<string, string>>;

export function loadSettings(env: NodeJS.ProcessEnv = process.env, origins: SettingOrigins = {}): Settings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((issue) => settingProblem(String(issue.path[0]), issue.message, env, origins)));
  }
  const raw = parsed.data;
  const problems = attachmentSettingProblems(raw);
  if (problems.length > 0) throw new SettingsError(problems);
  const publicUrl = (raw.HANDOFF_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '');
  return { ...raw, publicUrl, localDeskUrl: (raw.LOCAL_DESK_URL ?? `${publicUrl}/desk`).replace(/\/$/, '') };
}

/** `NAME: reason (where the value came from)`; values are not repeated, since most of them are secrets. */
function settingProblem(name: string, reason: string, env: NodeJS.ProcessEnv, origins: SettingOrigins): string {
  const value = env[name];
  if (value === undefined) return `${name}: not set`;
  const origin = origins[name] ?? 'the environment variable';
  return `${name}: ${reason} (${value === '' ? `empty in ${origin}` : `from ${origin}`})`;
}
