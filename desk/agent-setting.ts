/** `HANDOFF_DESK_AGENT=name:password`: one agent the desk creates, or whose password it sets, at start-up. */
import { z } from 'zod';
import { AgentNameSchema, PasswordSchema } from './agents';

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
