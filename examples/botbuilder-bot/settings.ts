/** The example bot's settings, from the environment, checked once at start-up. */
import { z } from 'zod';

const required = (what: string) => z.string({ error: `is required: ${what}` }).min(1, `is required: ${what}`);

const SettingsSchema = z.object({
  HANDOFF_URL: z.url().default('http://localhost:3000'),
  HANDOFF_API_TOKEN: required('the bot token Handoff printed (data/generated-secrets.json holds the generated one)'),
  HANDOFF_CALLBACK_SECRET: required("Handoff's HANDOFF_CALLBACK_SECRET (data/generated-secrets.json holds the generated one)"),
  BOT_PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
  BOT_HOST: z.string().default('127.0.0.1'),
  /** Where Handoff reaches the bot's callback route; its host must be on Handoff's HANDOFF_CALLBACK_HOSTS. */
  BOT_PUBLIC_URL: z.url().optional(),
  HANDOFF_PROFILE: z.string().default('default'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().optional(),
});
export type BotSettings = z.infer<typeof SettingsSchema>;

/** The settings, or every problem at once. */
export function botSettingsOf(env: NodeJS.ProcessEnv): { settings: BotSettings } | { problems: string[] } {
  const parsed = SettingsSchema.safeParse(env);
  if (parsed.success) return { settings: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}
