/**
 * `POST /v1/webhooks/<platform>`: the one pipeline every platform's agent events come through. The
 * platform's adapter verifies the delivery (raw body, headers), parses it into agent events and
 * locates their handoff; this module delivers them in order and is the only place that answers
 * accepted / ignored. Refusals (401, 400, 503) are errors, answered by the central error handler.
 * It also refuses what no platform may send twice or late: a delivery dated outside the freshness
 * window (checked before the adapter's `verify`, so a stale forgery fetches nothing) and one whose
 * event ids were all accepted already, remembered per platform once a delivery was answered 2xx.
 * Deliveries that fail verification are counted per platform and address (`failureLimit`), and
 * past the limit answered 429 instead of 401; a verified delivery is never counted nor refused so.
 */
import express, { Router, type Request } from 'express';
import type { LoadedConfig } from '../config/load';
import type { AgentEvent } from '../contracts/agent-event';
import { NotFoundError, UnauthorizedError, UnavailableError } from '../lib/api-errors';
import { keepRawBody, rawBodyOf } from '../lib/raw-body';
import { handle } from '../lib/validate';
import { SigningMaterialUnavailableError, WebhookSignatureError } from '../lib/webhook-signature-error';
import type { Platform, PlatformDeps } from '../platforms/define';
import { AcceptedEventIds } from '../platforms/shared/accepted-event-ids';
import { checkFreshness, DEFAULT_WEBHOOK_FRESHNESS, maxAgeOf, MAX_FUTURE_SKEW_MS } from '../platforms/shared/webhook-freshness';
import { WebhookReplayedError, WebhookStaleError } from '../platforms/shared/webhook-refusals';
import { HandoffLookupError, isAnswer, type WebhookAdapter, type WebhookContext, type WebhookDelivery, type WebhookEvents } from '../platforms/webhook';
import { partsOfHandoffId } from '../contracts/handoff-id';
import type { WebhookRejectionObserver } from '../observability/api-metrics';
import { rejectionOf } from '../observability/webhook-rejection';
import type { HandoffService } from './handoff-service';
import type { WebhookFailureLimit } from './rate-limits';
import { refuseOtherMethods } from '../lib/method-not-allowed';
import type { WebhookDescription } from './openapi/webhooks';

/** Where the platforms' webhooks live: one path each, `<WEBHOOKS_PATH>/<platform id>`. */
export const WEBHOOKS_PATH = '/v1/webhooks';

export function webhookPathOf(platformId: string): string {
  return `${WEBHOOKS_PATH}/${platformId}`;
}

export interface WebhookOutcome {
  status: 'accepted' | 'ignored';
  reason?: string;
}

export interface WebhookPipelineOptions {
  platforms: readonly Platform[];
  platformDeps: PlatformDeps;
  service: HandoffService;
  config: LoadedConfig;
  /** Counts refused deliveries (`handoff_webhook_rejected_total`). */
  rejections?: WebhookRejectionObserver;
  /** Counts deliveries that failed verification, and answers 429 past its limit (api/rate-limits.ts). */
  failureLimit?: WebhookFailureLimit;
}

interface Endpoint {
  platform: Platform;
  adapter: WebhookAdapter<unknown, unknown>;
  context: WebhookContext<unknown>;
  accepted: AcceptedEventIds;
}

/** The route, and what the OpenAPI document says of each platform's webhook. */
export function webhookPipeline(options: WebhookPipelineOptions): { router: Router; webhooks: WebhookDescription[] } {
  const endpoints = new Map<string, Endpoint>();
  const freshness = options.platformDeps.webhookFreshness ?? DEFAULT_WEBHOOK_FRESHNESS;
  for (const platform of options.platforms) {
    if (!platform.webhook) continue;
    const adapter = platform.webhook(options.platformDeps);
    // An id must outlive every delivery that could carry it and still pass the window.
    const keepMs = adapter.dating ? maxAgeOf(adapter.dating.dates, freshness) + MAX_FUTURE_SKEW_MS : Number.POSITIVE_INFINITY;
    endpoints.set(platform.id, { platform, adapter, context: contextOf(platform, options), accepted: new AcceptedEventIds(keepMs) });
  }
  const router = Router();
  const endpointOf = (req: Request): Endpoint => {
    const endpoint = endpoints.get(String(req.params.platform));
    if (!endpoint) throw new NotFoundError(`no webhook for platform "${String(req.params.platform)}"`, 'route_not_found');
    return endpoint;
  };
  router
    .route(webhookPathOf(':platform'))
    .post(
      // SNS posts its JSON as text/plain, which the app's JSON parser leaves alone.
      express.text({ type: 'text/plain', limit: '300kb', verify: keepRawBody }),
      handle(async (req, res) => {
        const endpoint = endpointOf(req);
        const answer = await receive(endpoint, deliveryOf(req), options, req).catch((error: unknown) => {
          const why = rejectionOf(error);
          if (why) options.rejections?.rejected(endpoint.platform.id, why);
          throw error;
        });
        res.status(answer.status).json(answer.body);
      }),
    )
    .all((req, res, next) => {
      endpointOf(req); // an unknown platform is 404 whatever the method
      refuseOtherMethods('POST')(req, res, next);
    });
  return { router, webhooks: [...endpoints.values()].map(({ platform, adapter }) => describe(platform, adapter)) };
}

function describe(platform: Platform, adapter: WebhookAdapter<unknown, unknown>): WebhookDescription {
  return { platform: platform.id, summary: adapter.summary, bodySchema: adapter.bodySchema, ...(adapter.plainTextBody && { plainTextBody: true }) };
}

async function receive(
  { platform, adapter, context, accepted }: Endpoint,
  delivery: WebhookDelivery,
  options: WebhookPipelineOptions,
  req: Request,
): Promise<{ status: number; body: object }> {
  const { log, clock } = options.platformDeps;
  const handshake = adapter.handshake?.(delivery);
  if (handshake) return handshake.answer;
  const freshness = options.platformDeps.webhookFreshness ?? DEFAULT_WEBHOOK_FRESHNESS;
  let verified: unknown;
  try {
    // A dated delivery is judged before it is verified, so a stale forgery costs no fetch; an
    // undated one after, so an unsigned delivery is refused as unsigned rather than as undated.
    const sentAt = adapter.dating?.sentAt(delivery);
    if (adapter.dating && sentAt !== undefined) checkFreshness(sentAt, adapter.dating.dates, clock(), freshness);
    verified = await adapter.verify(delivery, context);
    if (adapter.dating && sentAt === undefined) checkFreshness(sentAt, adapter.dating.dates, clock(), freshness);
  } catch (error) {
    const refusal = refusalOf(error, adapter.signatureName ?? platform.id);
    if (!(refusal instanceof UnauthorizedError || refusal instanceof WebhookStaleError)) throw refusal;
    const pastLimit = await options.failureLimit?.(platform.id, req, refusal);
    // Past the limit a flood of forgeries is not logged one by one; the 429 says it.
    if (!pastLimit) log(`${platform.id} webhook refused`, { reason: refusal.message });
    throw pastLimit ?? refusal;
  }
  if (isAnswer(verified)) return verified.answer;
  const reading = await adapter.parse(delivery, verified, context);
  if (isAnswer(reading)) return reading.answer;
  if ('ignored' in reading) return ignored(reading.ignored);
  if (reading.events.length === 0) return ignored('nothing in it for the user');

  // Scoped by the handoff or platform session: an id need only be unique within its chat.
  const scope = reading.handoffId ?? reading.sessionKey ?? '';
  const eventIds = reading.events.map((event) => `${scope}\u0000${event.eventId}`);
  if (accepted.allAccepted(eventIds, clock())) {
    log(`${platform.id} webhook refused a replayed delivery`, { eventIds: reading.events.map((event) => event.eventId) });
    throw new WebhookReplayedError('every event of this delivery was accepted already');
  }
  const answer = await locateAndDeliver(platform, adapter, context, verified, reading, options);
  accepted.remember(eventIds, clock());
  return answer;
}

async function locateAndDeliver(
  platform: Platform,
  adapter: WebhookAdapter<unknown, unknown>,
  context: WebhookContext<unknown>,
  verified: unknown,
  reading: WebhookEvents,
  options: WebhookPipelineOptions,
): Promise<{ status: number; body: object }> {
  const log = options.platformDeps.log;
  let handoffId = reading.handoffId;
  if (handoffId === undefined && reading.sessionKey !== undefined && adapter.locate) {
    try {
      handoffId = await adapter.locate(reading.sessionKey, verified, context);
    } catch (error) {
      if (!(error instanceof HandoffLookupError)) throw error;
      log(`${platform.id} webhook could not find its handoff`, { sessionKey: reading.sessionKey, reason: error.message });
      throw new UnavailableError('cannot tell which handoff this chat belongs to yet; redeliver', 'platform_unavailable');
    }
  }
  if (handoffId === undefined || !context.profileOf(handoffId)) {
    log(`${platform.id} event for a chat Handoff did not start`, { sessionKey: reading.sessionKey, handoffId });
    return ignored('not a Handoff conversation');
  }
  return { status: 202, body: await deliverInOrder(platform.id, handoffId, reading.events, options) };
}

/**
 * Signals the events to the handoff one after another, so they keep the platform's order. An event
 * for a handoff that has ended is logged and answered "ignored", so the platform stops
 * redelivering it; a transient Temporal error propagates (503) so the platform redelivers.
 */
async function deliverInOrder(platformId: string, handoffId: string, events: AgentEvent[], options: WebhookPipelineOptions): Promise<WebhookOutcome> {
  for (const event of events) {
    if ((await options.service.deliverAgentEvent(handoffId, event)) === 'handoff-closed') {
      options.platformDeps.log(`${platformId} webhook: event for a handoff that has ended; ignored`, { handoffId, eventId: event.eventId, type: event.type });
      return { status: 'ignored', reason: 'the handoff has ended' };
    }
  }
  return { status: 'accepted' };
}

/** Signature failures as the answers they are; anything else as it was thrown. */
function refusalOf(error: unknown, signatureName: string): unknown {
  if (error instanceof WebhookSignatureError) return new UnauthorizedError(`${signatureName} signature refused: ${error.message}`);
  if (error instanceof SigningMaterialUnavailableError) return new UnavailableError(error.message, error.code);
  return error;
}

function ignored(reason: string): { status: number; body: WebhookOutcome } {
  return { status: 202, body: { status: 'ignored', reason } };
}

function deliveryOf(req: Request): WebhookDelivery {
  return { rawBody: rawBodyOf(req), body: req.body, header: (name) => req.header(name), query: req.query };
}

function contextOf(platform: Platform, { config, platformDeps }: WebhookPipelineOptions): WebhookContext<unknown> {
  const profiles = [...config.profiles.values()]
    .filter((profile) => profile.platform === platform.id)
    .map((profile) => ({ name: profile.name, options: profile.platformOptions }));
  const byName = new Map(profiles.map((profile) => [profile.name, profile]));
  return {
    profiles,
    profileOf: (handoffId) => byName.get(partsOfHandoffId(handoffId)?.profile ?? ''),
    log: platformDeps.log,
  };
}
