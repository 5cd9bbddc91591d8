import { z } from 'zod';
import { DurationSchema } from './duration';
import { SecretRefSchema } from '../lib/secret-ref';

/** The longest a model may take: its summary comes after the start, and an agent reads it at once. */
export const MODEL_SUMMARY_MAX_MS = 10_000;

const ExtractiveSettingsSchema = z.object({ provider: z.literal('extractive') }).strict();

/**
 * Any server that speaks the chat-completions API (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM):
 * `baseUrl` is the operator's (an internal model server is normal), the key a secret reference.
 */
const OpenAiCompatibleSettingsSchema = z
  .object({
    provider: z.literal('openai-compatible'),
    baseUrl: z.url({ protocol: /^https?$/ }).max(2_000),
    model: z.string().min(1).max(200),
    apiKey: SecretRefSchema.optional(),
    timeout: DurationSchema.default(MODEL_SUMMARY_MAX_MS).refine((ms) => ms <= MODEL_SUMMARY_MAX_MS, `is at most ${MODEL_SUMMARY_MAX_MS / 1000}s`),
    /** Replaces the instructions the model gets; the sections (situation, tried, ask) stay asked for. */
    prompt: z.string().min(1).max(4_000).optional(),
  })
  .strict();

/** A profile's `summary`: who writes what the agent sees first. @default { provider: extractive } */
export const SummarySettingsSchema = z.discriminatedUnion('provider', [ExtractiveSettingsSchema, OpenAiCompatibleSettingsSchema]);
export type SummarySettings = z.infer<typeof SummarySettingsSchema>;
export type OpenAiCompatibleSettings = z.infer<typeof OpenAiCompatibleSettingsSchema>;
