/** The local desk's agents as the settings name them: a name, a password, and `HANDOFF_DESK_AGENT`'s `name:password`. */
import { z } from 'zod';

/** Shown to users as "X joined"; a colon would make `HANDOFF_DESK_AGENT=name:password` ambiguous. */
export const AgentNameSchema = z
  .string()
  .trim()
  .min(1, 'an agent name is required')
  .max(100, 'an agent name has at most 100 characters')
  .refine((name) => !name.includes(':'), 'an agent name cannot contain ":"')
  .refine((name) => !/\p{Cc}/u.test(name), 'an agent name cannot contain control characters');

export const MIN_PASSWORD_LENGTH = 12;
export const PasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1_000, 'a password has at most 1,000 characters');

/** `HANDOFF_DESK_AGENT=name:password`: one agent the desk creates, or whose password it sets, at start-up. */
export interface AgentCredentials {
  name: string;
  password: string;
}

/** Splits at the first colon (names have none; a password may); the value is never repeated in a message. */
export const DeskAgentSettingSchema = z.string().transform((text, ctx): AgentCredentials => {
  const colon = text.indexOf(':');
  if (colon < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be name:password' });
    return z.NEVER;
  }
  const name = AgentNameSchema.safeParse(text.slice(0, colon));
  const password = PasswordSchema.safeParse(text.slice(colon + 1));
  for (const failed of [name, password]) if (!failed.success) ctx.addIssue({ code: 'custom', message: failed.error.issues[0]!.message });
  return name.success && password.success ? { name: name.data, password: password.data } : z.NEVER;
});
