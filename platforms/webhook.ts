/**
 * What a platform's webhook adapter does inside the one pipeline of `POST /v1/webhooks/:platform`
 * (`api/webhook-pipeline.ts`): verify the delivery from its raw body and headers, parse it into
 * agent events, locate the handoff they belong to. The pipeline then delivers them in order and
 * answers; adapters never write a response. To refuse, an adapter throws an `ApiError`
 * (`UnauthorizedError` 401, `ValidationError` 400, `UnavailableError` 503) or a
 * `HandoffLookupError` (503: the platform could not tell yet; it redelivers). Signature checks throw
 * `WebhookSignatureError` (401) and `SigningMaterialUnavailableError` (503), which the pipeline maps.
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

export interface WebhookAdapter<Options, Verified> {
  /** For the OpenAPI document: what the endpoint is and the body it takes. */
  summary: string;
  bodySchema: z.ZodType;
  /** How a refused signature is named in the 401: "<signatureName> signature refused: …". @default the platform id */
  signatureName?: string;
  /** The platform posts its JSON as `text/plain` (SNS does). */
  plainTextBody?: boolean;
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
