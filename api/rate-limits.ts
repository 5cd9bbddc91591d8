/**
 * The API's rate limits (express-rate-limit, in this process's memory): past one, a request is
 * answered 429 with `Retry-After` and the API's error shape. Addresses are keyed as
 * express-rate-limit's `ipKeyGenerator` does (an IPv6 client by its /56, an IPv4-mapped one by
 * its IPv4 address).
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import type { Rate } from '../config/edge-settings';
import { TooManyRequestsError } from '../lib/api-errors';
import { hasBearer } from './auth';

function addressOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

function secondsUntil(resetTime: Date | undefined, windowMs: number): number {
  const ms = resetTime ? resetTime.getTime() - Date.now() : windowMs;
  return Math.max(1, Math.ceil(ms / 1000));
}

interface LimitOptions {
  /** Names the limit in the `RateLimit` headers. */
  name: string;
  rate: Rate;
  /** What the 429 says. */
  message: string;
  key?: (req: Request) => string;
  skip?: (req: Request) => boolean;
  /** Count only requests that fail (answered 4xx or 5xx); a success gives its count back when answered. */
  failuresOnly?: boolean;
}

/**
 * One limit: counted when the request comes, so a burst sent all at once is limited too. With
 * `failuresOnly` the count of a request answered 2xx/3xx is given back once it is answered.
 */
function limit({ name, rate, message, key = addressOf, skip, failuresOnly = false }: LimitOptions): RequestHandler {
  const requestPropertyName = `rateLimit:${name}`;
  return rateLimit({
    windowMs: rate.windowMs,
    limit: rate.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    requestPropertyName,
    keyGenerator: (req) => key(req),
    ...(skip && { skip: (req) => skip(req) }),
    skipSuccessfulRequests: failuresOnly,
    handler: (req, _res, next) => {
      const info = (req as unknown as Record<string, RateLimitInfo | undefined>)[requestPropertyName];
      next(new TooManyRequestsError(message, secondsUntil(info?.resetTime, rate.windowMs)));
    },
  });
}

/**
 * Bot API requests without the valid token, per address: a strict limit that guessing the token
 * soon hits. Requests with the valid token are never counted nor refused here, so a stranger
 * guessing from the bot's own address (a shared NAT) cannot lock the bot out.
 */
export function botAuthFailureLimit(rate: Rate, token: string): RequestHandler {
  return limit({
    name: 'bot-auth-failures',
    rate,
    skip: (req) => hasBearer(req, token),
    message: `too many requests without a valid bearer token from this address; at most ${rate.limit} per ${seconds(rate)}`,
  });
}

/** Bot API requests with the valid token, per token: generous, since one bot speaks for all its users. Mount after the token check. */
export function botRequestLimit(rate: Rate): RequestHandler {
  return limit({
    name: 'bot-requests',
    rate,
    key: (req) =>
      `token:${createHash('sha256')
        .update(req.header('authorization') ?? '')
        .digest('hex')}`,
    message: `too many bot API requests; at most ${rate.limit} per ${seconds(rate)} per token`,
  });
}

/** The platform a webhook path names (`/<platform>` under the `/v1/webhooks` mount). */
function webhookPlatformOf(req: Request): string {
  return req.path.split('/')[1] ?? '';
}

/** Webhook deliveries, per platform and address: a flood at one platform's endpoint leaves the others alone. */
export function webhookLimit(rate: Rate): RequestHandler {
  return limit({
    name: 'webhooks',
    rate,
    key: (req) => `${webhookPlatformOf(req)} ${addressOf(req)}`,
    message: `too many webhook deliveries for this platform from this address; at most ${rate.limit} per ${seconds(rate)}`,
  });
}

/** Counts one webhook delivery that failed verification; past the limit, the 429 to answer instead of its refusal. */
export type WebhookFailureLimit = (platformId: string, req: Request, refusal: Error) => Promise<TooManyRequestsError | undefined>;

/**
 * Webhook deliveries that failed verification (forged, unsigned, wrongly keyed or stale), per
 * platform and address. Asked only once a delivery has failed, so a delivery whose signature
 * verifies is never refused by it: forgeries sent from a platform's own address, or through a
 * reverse proxy that every platform shares, cannot stop that platform's genuine deliveries, nor
 * another platform's.
 */
export function webhookFailureLimit(rate: Rate): WebhookFailureLimit {
  const store = new MemoryStore();
  store.init({ windowMs: rate.windowMs } as Options);
  const message = `too many webhook deliveries for this platform failed verification from this address; at most ${rate.limit} per ${seconds(rate)}`;
  return async (platformId, req, refusal) => {
    const counted = await store.increment(`${platformId} ${addressOf(req)}`);
    if (counted.totalHits <= rate.limit) return undefined;
    return new TooManyRequestsError(message, secondsUntil(counted.resetTime, rate.windowMs), { cause: refusal });
  };
}

/**
 * Chats started on the desk's chat page (`POST /desk/api/visitor/chats`), per address: anyone may
 * start one without an account, and each waits in the queue ahead of those who come later.
 */
export function visitorChatLimit(rate: Rate): RequestHandler {
  return limit({ name: 'visitor-chats', rate, message: `too many chats started from this address; at most ${rate.limit} per ${seconds(rate)}` });
}

/** The agent name a sign-in names, as the desk compares names (case and surrounding blanks aside). */
function signInName(req: Request): string | undefined {
  const name = (req.body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name.trim().toLowerCase() : undefined;
}

/**
 * Failed desk sign-ins (`POST /desk/api/session`), per address and agent name, and per address for
 * all names: guessing one agent's password soon stops, and so does trying many names from one
 * address. Never per name alone: wrong passwords sent from one address would then lock the agent
 * out wherever they sign in from. Mount after the JSON body parser.
 */
export function signInLimits(perAddress: Rate, perAddressAndName: Rate): RequestHandler[] {
  return [
    limit({
      name: 'sign-in-address',
      rate: perAddress,
      failuresOnly: true,
      message: `too many failed sign-ins from this address; at most ${perAddress.limit} per ${seconds(perAddress)}`,
    }),
    limit({
      name: 'sign-in-name',
      rate: perAddressAndName,
      failuresOnly: true,
      key: (req) => `${addressOf(req)} name:${signInName(req)}`,
      skip: (req) => signInName(req) === undefined,
      message: `too many failed sign-ins for this agent from this address; at most ${perAddressAndName.limit} per ${seconds(perAddressAndName)}`,
    }),
  ];
}

function seconds(rate: Rate): string {
  const total = rate.windowMs / 1000;
  return total % 60 === 0 ? `${total / 60} min` : `${total} s`;
}
