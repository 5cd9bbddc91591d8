/**
 * The settings of the API's edges (config/settings.ts reads them): rate limits, CORS origins and
 * the hosts a callbackUrl may name over http or at an internal address.
 */
import { z } from 'zod';
import { parseAllowedHost } from '../lib/callback-url-policy';
import { parseDuration } from './duration';

/** At most `limit` requests per `windowMs`. */
export interface Rate {
  limit: number;
  windowMs: number;
}

/** The API's rate limits; requests past one answer 429 with `Retry-After`. */
export interface EdgeLimits {
  /** Bot API requests with a missing or wrong token, per address. */
  botAuthFailures: Rate;
  /** Bot API requests with the valid token, per token: one bot serves many users. */
  botRequests: Rate;
  /** Webhook deliveries, per platform and address. */
  webhooks: Rate;
  /** Webhook deliveries that fail verification (forged, unsigned, stale), per platform and address; a verified one is never refused by it. */
  webhookFailures: Rate;
  /** Failed desk sign-ins, per address (whatever names they tried). */
  signInsPerAddress: Rate;
  /** Failed desk sign-ins for one agent name from one address; another address is not locked out. */
  signInsPerAddressAndName: Rate;
  /** Chats visitors start on the desk's chat page (no account), per address: as strict as bot API requests without the token. */
  visitorChats: Rate;
  /** Open event streams (the desk's, the visitor's and the demo's live feeds), per address. */
  streamsPerAddress: number;
}

const RATE = /^\s*(\d+)\s*\/\s*(\S+)\s*$/;

/** `<count>/<duration>`, as `20/1m` or `6000/1m`. */
function rateSetting(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx): Rate => {
      const match = RATE.exec(text);
      const limit = Number(match?.[1]);
      const windowMs = match ? parseDuration(match[2]!) : undefined;
      if (!match || !Number.isSafeInteger(limit) || limit < 1 || windowMs === undefined || windowMs <= 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a count per duration, like 20/1m or 600/10s' });
        return z.NEVER;
      }
      return { limit, windowMs };
    });
}

/** A comma-separated list; blanks between commas are ignored. */
function listOf(check: (item: string) => string | undefined) {
  return z
    .string()
    .default('')
    .transform((text, ctx) => {
      const items = text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      const problems = items.map(check).filter((problem) => problem !== undefined);
      if (problems.length > 0) {
        ctx.addIssue({ code: 'custom', message: problems.join('; ') });
        return z.NEVER;
      }
      return items;
    });
}

/** The `HANDOFF_LIMIT_*` settings, each `<count>/<duration>` but the streams' cap. */
export const EdgeLimitSettingsSchema = z.object({
  HANDOFF_LIMIT_BOT_AUTH_FAILURES: rateSetting('20/1m'),
  HANDOFF_LIMIT_BOT_REQUESTS: rateSetting('12000/1m'),
  HANDOFF_LIMIT_WEBHOOKS: rateSetting('6000/1m'),
  HANDOFF_LIMIT_WEBHOOK_FAILURES: rateSetting('30/1m'),
  HANDOFF_LIMIT_SIGN_IN_ADDRESS: rateSetting('20/15m'),
  HANDOFF_LIMIT_SIGN_IN_NAME: rateSetting('10/15m'),
  HANDOFF_LIMIT_VISITOR_CHATS: rateSetting('20/1m'),
  HANDOFF_LIMIT_STREAMS: z.coerce.number().int().min(1).default(20),
});

/** The limits the `HANDOFF_LIMIT_*` settings give. */
export function edgeLimitsOf(settings: z.infer<typeof EdgeLimitSettingsSchema>): EdgeLimits {
  return {
    botAuthFailures: settings.HANDOFF_LIMIT_BOT_AUTH_FAILURES,
    botRequests: settings.HANDOFF_LIMIT_BOT_REQUESTS,
    webhooks: settings.HANDOFF_LIMIT_WEBHOOKS,
    webhookFailures: settings.HANDOFF_LIMIT_WEBHOOK_FAILURES,
    signInsPerAddress: settings.HANDOFF_LIMIT_SIGN_IN_ADDRESS,
    signInsPerAddressAndName: settings.HANDOFF_LIMIT_SIGN_IN_NAME,
    visitorChats: settings.HANDOFF_LIMIT_VISITOR_CHATS,
    streamsPerAddress: settings.HANDOFF_LIMIT_STREAMS,
  };
}

/** Origins as a browser sends them: `https://bot.example.com`, `http://localhost:5173`. */
export const OriginListSchema = listOf((item) => {
  try {
    const url = new URL(item);
    if (['http:', 'https:'].includes(url.protocol) && url.origin === item.replace(/\/$/, '')) return undefined;
  } catch {
    // reported below
  }
  return `"${item}" is not an origin like https://bot.example.com (scheme, host and port only)`;
}).transform((origins) => origins.map((origin) => origin.replace(/\/$/, '')));

/** Hosts a callbackUrl may name over http or at an internal address: `host` or `host:port`. */
export const CallbackHostListSchema = listOf((item) => (parseAllowedHost(item) ? undefined : `"${item}" is not a host or host:port`));

/** The interface the API listens on: an IP address or a host name. */
export const ListenHostSchema = z
  .string()
  .regex(/^[A-Za-z0-9.:%-]+$/, 'must be an IP address or host name, like 127.0.0.1, 0.0.0.0 or ::')
  .default('127.0.0.1');
