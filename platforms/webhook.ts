/**
 * What a platform's webhook adapter does inside the one pipeline of `POST /v1/webhooks/:platform`
 * (`api/webhook-pipeline.ts`): verify the delivery from its raw body and headers, parse it into
 * agent events, locate the handoff they belong to. The pipeline then delivers them in order and
 * answers; adapters never write a response. To refuse, an adapter throws an `ApiError`
 * (`UnauthorizedError` 401, `ValidationError` 400, `UnavailableError` 503) or a
 * `HandoffLookupError` (503: the platform could not tell yet; it redelivers). Signature checks throw
 * `WebhookSignatureError` (401) and `SigningMaterialUnavailableError` (503), which the pipeline maps.
 *
 * Freshness and replays are the pipeline's: an adapter says how its platform dates a delivery
 * (`dating`), the pipeline refuses one outside the window before `verify` runs (401
 * `webhook_stale`, so a stale forgery costs no certificate or key fetch), and refuses a delivery
 * whose event ids were all accepted before (401 `webhook_replayed`). Ids are remembered only once
 * the delivery was answered 2xx, so one answered 503 stays redeliverable.
 */
import type { z } from 'zod';
import type { AgentEvent } from '../contracts/agent-event';

export interface WebhookDelivery {
  rawBody: Buffer;
  /** A JSON body parsed; a `text/plain` body (SNS) as its text. */
  body: unknown;
  header(name: string): string | undefined;
  query: Readonly<Record<string, unknown>>;
}

export interface WebhookProfile<Options> {
  name: string;
  options: Options;
}

export interface WebhookContext<Options> {
  /** Every profile of the configuration on this platform, with its parsed options. */
  profiles: ReadonlyArray<WebhookProfile<Options>>;
  /** The profile a handoff id names (`handoff/<profile>/<conversationId>`), when it is on this platform. */
  profileOf(handoffId: string): WebhookProfile<Options> | undefined;
  log(message: string, context: object): void;
}

/** An answer the platform's protocol asks for that carries no events (a URL check, a subscription). */
export interface WebhookAnswer {
  answer: { status: 200 | 202; body: Record<string, unknown> };
}

/** The delivery is genuine but nothing in it is for the user. */
export interface WebhookIgnored {
  ignored: string;
}

/** Agent events of one platform session, in the platform's order, and the handoff when the delivery names it. */
export interface WebhookEvents {
  events: AgentEvent[];
  handoffId?: string;
  /** The platform session, when the handoff must be looked up by it (`locate`). */
  sessionKey?: string;
}

export type WebhookReading = WebhookEvents | WebhookIgnored | WebhookAnswer;

/** How a platform dates its deliveries, for the pipeline's freshness window. */
export interface WebhookDating {
  /**
   * `delivery`: each attempt carries a timestamp its signature covers, so a redelivery is dated
   * anew (the short window, `HANDOFF_WEBHOOK_MAX_AGE`). `event`: only the event is dated and a
   * redelivery keeps that date (the long window, `HANDOFF_WEBHOOK_EVENT_MAX_AGE`, which must
   * outlast the platform's retries).
   */
  dates: 'delivery' | 'event';
  /** When the delivery (or its event) was sent, in ms since the epoch; undefined when it carries no readable date (refused). */
  sentAt(delivery: WebhookDelivery): number | undefined;
}

export interface WebhookAdapter<Options, Verified> {
  /** For the OpenAPI document: what the endpoint is and the body it takes. */
  summary: string;
  bodySchema: z.ZodType;
  /** How a refused signature is named in the 401: "<signatureName> signature refused: …". @default the platform id */
  signatureName?: string;
  /** The platform posts its JSON as `text/plain` (SNS does). */
  plainTextBody?: boolean;
  /**
   * How the platform dates a delivery. Absent only for a platform that neither dates nor signs its
   * deliveries (ServiceNow's Virtual Agent): then only the event-id memory refuses a replay.
   */
  dating?: WebhookDating;
  /** A protocol check that carries no events and needs no credentials (8x8's `WEB_HOOK_VERIFY`), answered before anything else. */
  handshake?(delivery: WebhookDelivery): WebhookAnswer | undefined;
  /** Authenticates the delivery; what it learns (a tenant, the profiles whose credentials matched) goes to the next steps. */
  verify(delivery: WebhookDelivery, context: WebhookContext<Options>): Promise<Verified | WebhookAnswer>;
  parse(delivery: WebhookDelivery, verified: Verified, context: WebhookContext<Options>): Promise<WebhookReading> | WebhookReading;
  /** Which handoff a platform session belongs to, for deliveries that do not name it. */
  locate?(sessionKey: string, verified: Verified, context: WebhookContext<Options>): Promise<string | undefined>;
}

/** Thrown by `locate` when the platform cannot be asked now; the pipeline answers 503 so the platform redelivers. */
export class HandoffLookupError extends Error {
  override readonly name = 'HandoffLookupError';
}

export function isAnswer(value: unknown): value is WebhookAnswer {
  return typeof value === 'object' && value !== null && 'answer' in value;
}
